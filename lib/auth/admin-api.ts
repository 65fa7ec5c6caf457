import "server-only";
import Papa from "papaparse";
import { z } from "zod";
import { textCell } from "../csv/text-cell";
import { accessLogActions, iterateAccessLog, searchAccessLog, type AccessLogFilter } from "./access-log-query";
import { NameTaken, type AuthStore, type User } from "./auth-store";
import { generatePassword } from "./passwords";
import { ROLES } from "./roles";

const role = z.enum(["viewer", "auditor", "admin"], { error: `expected one of ${ROLES.join(", ")}` });
const username = z.string().trim().regex(/^[A-Za-z0-9._@-]{1,64}$/, { error: "letters, digits and . _ @ - only, at most 64" });
const password = z.string().min(12, { error: "at least 12 characters" }).max(1024);

export const createUserBody = z.object({ username, role, password: password.optional() });
export const updateUserBody = z
  .object({ role: role.optional(), disabled: z.boolean().optional(), password: password.optional() })
  .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, { error: "nothing to change" });

function bad(message: string, status = 400): Response {
  return Response.json({ error: message }, { status });
}

/** Admin changes that would leave no enabled admin are refused: Pilot must stay administrable. */
function leavesNoAdmin(auth: AuthStore, target: User, change: z.output<typeof updateUserBody>): boolean {
  const demoted = target.role === "admin" && ((change.role !== undefined && change.role !== "admin") || change.disabled === true);
  return demoted && auth.listUsers().filter((u) => u.role === "admin" && !u.disabled && u.id !== target.id).length === 0;
}

export async function createUser(auth: AuthStore, raw: unknown): Promise<{ response: Response; created?: User }> {
  const body = createUserBody.safeParse(raw);
  if (!body.success) return { response: bad(`${body.error.issues[0]?.path.join(".") || "body"}: ${body.error.issues[0]?.message}`) };
  const exists = () => ({ response: bad(`a user named ${body.data.username} exists`, 409) });
  if (await auth.findUser(body.data.username)) return exists();
  const pass = body.data.password ?? generatePassword();
  let created: User;
  try {
    created = await auth.createUser(body.data.username, pass, body.data.role);
  } catch (err) {
    // Created through another replica a moment ago: the name is reserved compare-and-set.
    if (err instanceof NameTaken) return exists();
    throw err;
  }
  // A generated password is shown once, to the admin who created the account.
  return { response: Response.json({ user: created, password: body.data.password ? null : pass }, { status: 201 }), created };
}

/** `keepToken`: the acting admin's session, kept when they change their own password. */
export async function updateUser(auth: AuthStore, id: string, raw: unknown, keepToken?: string): Promise<{ response: Response; updated?: User; change?: Record<string, unknown> }> {
  const n = Number(id);
  const target = Number.isInteger(n) && n > 0 ? await auth.getUser(n) : null;
  if (!target) return { response: bad(`user ${id} not found`, 404) };
  const body = updateUserBody.safeParse(raw);
  if (!body.success) return { response: bad(`${body.error.issues[0]?.path.join(".") || "body"}: ${body.error.issues[0]?.message}`) };
  if (leavesNoAdmin(auth, target, body.data)) return { response: bad("that would leave Pilot without an enabled admin", 409) };
  const updated = await auth.updateUser(target.id, body.data, keepToken);
  const change = { role: body.data.role, disabled: body.data.disabled, password: body.data.password ? "changed" : undefined };
  return { response: Response.json({ user: updated }), updated: updated ?? undefined, change };
}

export const accessLogParams = z.object({
  user: z.string().max(128).optional(),
  action: z.string().max(64).optional(),
  q: z.string().max(500).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  format: z.enum(["json", "csv", "jsonl"]).default("json"),
});

export function accessLogFilter(p: z.output<typeof accessLogParams>): AccessLogFilter {
  return { username: p.user || undefined, action: p.action || undefined, text: p.q || undefined, fromMs: p.from, toMs: p.to, before: p.before };
}

/** A page of the one access log (every replica's lines), including a line another replica wrote just before. */
export async function accessLogPage(auth: AuthStore, p: z.output<typeof accessLogParams>): Promise<Response> {
  await auth.shared.log.catchUp();
  const db = auth.shared.db;
  return Response.json({ ...searchAccessLog(db, accessLogFilter(p), p.limit), actions: accessLogActions(db) }, { headers: { "cache-control": "no-store" } });
}

/** Every matching line as CSV or JSON lines, streamed; `onDone` gets the row count. */
export async function accessLogExport(auth: AuthStore, p: z.output<typeof accessLogParams>, onDone: (rows: number) => void): Promise<Response> {
  await auth.shared.log.catchUp();
  const rows = iterateAccessLog(auth.shared.db, accessLogFilter(p));
  const encoder = new TextEncoder();
  let count = 0;
  const columns = ["id", "atMs", "at", "username", "address", "action", "target", "detail"] as const;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (p.format === "csv") controller.enqueue(encoder.encode(`${columns.join(",")}\n`));
    },
    pull(controller) {
      const chunk: string[] = [];
      for (let i = 0; i < 500; i++) {
        const next = rows.next();
        if (next.done) {
          if (chunk.length > 0) controller.enqueue(encoder.encode(chunk.join("")));
          controller.close();
          onDone(count);
          return;
        }
        const e = next.value;
        count++;
        const at = new Date(e.atMs).toISOString();
        chunk.push(
          p.format === "csv"
            ? accessLogCsvLine([e.id, e.atMs, at, e.username, e.address, e.action, e.target, e.detail])
            : `${JSON.stringify({ ...e, at })}\n`,
        );
      }
      controller.enqueue(encoder.encode(chunk.join("")));
    },
  });
  const ext = p.format === "csv" ? "csv" : "jsonl";
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return new Response(stream, {
    headers: {
      "content-type": p.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
      "content-disposition": `attachment; filename="pilot-access-log-${stamp}.${ext}"`,
      "cache-control": "no-store",
    },
  });
}

/**
 * One access-log row as a CSV line. User names, targets and details come from outside
 * (a failed sign-in's name is whatever was typed), so formula-like text is made plain text
 * by the rule every CSV Pilot writes follows.
 */
export function accessLogCsvLine(cells: readonly unknown[]): string {
  return `${Papa.unparse([cells.map(textCell)], { newline: "\n" })}\n`;
}
