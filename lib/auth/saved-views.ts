import { randomUUID } from "node:crypto";
import { z } from "zod";
import { viewNameSchema, type SavedView } from "../contract/saved-views";
import { hasRole, type Role } from "./roles";
import { safeNext } from "./safe-next";
import type { SharedBucket } from "./shared-bucket";

/** `v.<uuid>` in the views bucket: one saved view. Read back from NATS, so parsed, never cast. */
export const savedViewRecord = z.object({
  id: z.uuid(),
  name: z.string(),
  path: z.string(),
  shared: z.boolean(),
  ownerId: z.number().int().positive(),
  owner: z.string(),
  createdMs: z.number(),
});
export type SavedViewRecord = z.infer<typeof savedViewRecord>;

const PREFIX = "v.";
const keyOf = (id: string) => `${PREFIX}${id}`;

/** One person's views; past this a save is refused (the bucket is every replica's, and the nav lists them). */
export const MAX_VIEWS_PER_OWNER = 100;
const MAX_PATH = 2000;

/**
 * A view's address: a page of this site, its path and query as sign-in's `next` is checked
 * (lib/auth/safe-next.ts: no other origin, no `//host`, no control characters or `\`), and
 * not an API route (a saved view is opened in the browser as a page, never fetched).
 */
export const viewPathSchema = z
  .string()
  .max(MAX_PATH, { error: `at most ${MAX_PATH} characters` })
  .transform((raw, ctx) => {
    const path = safeNext(raw);
    const refused = (path === "/" && raw !== "/") || path === "/api" || path.startsWith("/api/") || path.startsWith("/api?");
    if (refused) {
      ctx.issues.push({ code: "custom", input: raw, message: "must be a page of this site (a path and query starting with /)" });
      return z.NEVER;
    }
    // The fragment is the browser's own (a scroll position): not part of the view.
    const hash = path.indexOf("#");
    return hash === -1 ? path : path.slice(0, hash);
  });

export const createViewBody = z.object({ name: viewNameSchema, path: viewPathSchema, shared: z.boolean().default(false) }).strict();

export interface ViewReader {
  id: number;
  username: string;
  role: Role;
}

const visibleTo = (r: SavedViewRecord, u: ViewReader) => r.shared || r.ownerId === u.id;
const deletableBy = (r: SavedViewRecord, u: ViewReader) => r.ownerId === u.id || hasRole(u.role, "admin");

function toView(r: SavedViewRecord, u: ViewReader): SavedView {
  return { id: r.id, name: r.name, path: r.path, shared: r.shared, owner: r.owner, deletable: deletableBy(r, u), createdMs: r.createdMs };
}

function bad(message: string, status = 400): Response {
  return Response.json({ error: message }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The views a reader may see: their own, and every shared one; by name. From the bucket's
 * local mirror (kept by a KV watch), so a view saved through another replica is listed
 * once the watch has delivered it: well under a second.
 */
export function listViews(bucket: SharedBucket, u: ViewReader): SavedView[] {
  return bucket
    .entries(PREFIX, savedViewRecord)
    .map((e) => e.value)
    .filter((r) => visibleTo(r, u))
    .sort((a, b) => a.name.localeCompare(b.name) || a.createdMs - b.createdMs)
    .map((r) => toView(r, u));
}

/** `POST /api/views` {name, path, shared}: 201 with the view, or 400 naming the field. */
export async function createView(bucket: SharedBucket, u: ViewReader, raw: unknown, now = Date.now()): Promise<{ response: Response; created?: SavedView }> {
  const body = createViewBody.safeParse(raw);
  if (!body.success) {
    const issue = body.error.issues[0];
    return { response: bad(`${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`) };
  }
  const own = bucket.entries(PREFIX, savedViewRecord).filter((e) => e.value.ownerId === u.id).length;
  if (own >= MAX_VIEWS_PER_OWNER) return { response: bad(`at most ${MAX_VIEWS_PER_OWNER} saved views each: delete one first`, 409) };
  const record: SavedViewRecord = { id: randomUUID(), ...body.data, ownerId: u.id, owner: u.username, createdMs: now };
  // A fresh uuid: create-only, so a collision could never overwrite another person's view.
  if ((await bucket.create(keyOf(record.id), record)) === null) return { response: bad("try again", 409) };
  const created = toView(record, u);
  return { response: Response.json({ view: created }, { status: 201, headers: { "cache-control": "no-store" } }), created };
}

const idSchema = z.uuid();

/**
 * `DELETE /api/views/<id>`: by its owner or an admin. A view the reader may not see is
 * "not found" (a private view's existence is not told); a shared one of another person is
 * refused. Read from the bucket, not the mirror, and deleted at the revision read.
 */
export async function deleteView(bucket: SharedBucket, u: ViewReader, id: string): Promise<{ response: Response; deleted?: SavedViewRecord }> {
  const parsed = idSchema.safeParse(id);
  const entry = parsed.success ? await bucket.get(keyOf(parsed.data), savedViewRecord) : null;
  if (!entry || !visibleTo(entry.value, u)) return { response: bad(`view ${id} not found`, 404) };
  if (!deletableBy(entry.value, u)) return { response: bad("only its owner or an admin may delete a shared view", 403) };
  if (!(await bucket.remove(entry.key, entry.revision))) return { response: bad("the view changed meanwhile: try again", 409) };
  return { response: new Response(null, { status: 204 }), deleted: entry.value };
}
