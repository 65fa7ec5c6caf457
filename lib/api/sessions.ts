import "server-only";
import { z } from "zod";
import { cursorParam } from "./page-cursor";
import { idParam, limitParam, seqParam } from "./params";
import { layoutSessionGraph } from "@/lib/graph/session-layout";
import type { SessionGraph } from "@/lib/contract/sessions";
import { guarded, guardedAsync, json, notFound, parseParams, storeOf, type StoreSource } from "./respond";

const sessionCursorKey = z.union([
  z.tuple([z.number().int().positive()]),
  z.tuple([z.number().int().nonnegative(), z.number().int().positive()]),
]);

export const sessionListParams = z
  .object({
    cursor: cursorParam(sessionCursorKey).optional(),
    limit: limitParam,
    state: z.enum(["running", "finished", "failed"]).optional(),
    q: z.string().trim().min(1, { error: "must not be empty" }).max(200, { error: "at most 200 characters" }).optional(),
    sort: z.enum(["started", "activity"]).default("started"),
  })
  .refine((p) => p.cursor === undefined || p.cursor.length === (p.sort === "activity" ? 2 : 1), {
    error: "not a cursor of this sort order",
    path: ["cursor"],
  });

/** `GET /api/sessions?state=&q=&sort=started|activity&cursor=&limit=` */
export function handleSessionList(store: StoreSource, url: URL): Response {
  const p = parseParams(sessionListParams, url);
  if (!p.ok) return p.response;
  const { limit, cursor, state, q, sort } = p.value;
  return guarded(() => json(storeOf(store).listSessions({ limit, after: cursor, state, text: q, sort })));
}

export const graphParams = z.object({ seq: seqParam.optional() });

function sessionPath(id: string) {
  return parseParams(z.object({ id: idParam }), { id });
}

/** The session id and `?seq=` of the graph and layout routes, checked as they check them. */
function graphRequest(id: string, query: URL | Record<string, string>) {
  const path = sessionPath(id);
  if (!path.ok) return path;
  const p = parseParams(graphParams, query);
  return p.ok ? { ok: true as const, id: path.value.id, seq: p.value.seq } : p;
}

/**
 * The graph the route answers, as data (the page's server render puts it in the page);
 * null where the route answers an error (bad id, no such session).
 */
export function sessionGraphData(store: StoreSource, id: string, seq: number | null): SessionGraph | null {
  const r = graphRequest(id, seq === null ? {} : { seq: String(seq) });
  return r.ok ? storeOf(store).sessionGraph(r.id, r.seq) : null;
}

/** `GET /api/sessions/[id]/graph?seq=` */
export function handleSessionGraph(store: StoreSource, id: string, url: URL): Response {
  const r = graphRequest(id, url);
  if (!r.ok) return r.response;
  return guarded(() => {
    const graph = storeOf(store).sessionGraph(r.id, r.seq);
    return graph ? json(graph) : notFound(`session ${r.id}`);
  });
}

/**
 * `GET /api/sessions/[id]/layout?seq=`: the graph as of `seq` laid out as the page opens
 * it; 422 (too large) or 503 (layout thread busy or failing) tell the page to lay it out.
 */
export function handleSessionLayout(store: StoreSource, id: string, url: URL): Promise<Response> {
  const r = graphRequest(id, url);
  if (!r.ok) return Promise.resolve(r.response);
  return guardedAsync(async () => {
    const graph = storeOf(store).sessionGraph(r.id, r.seq);
    if (!graph) return notFound(`session ${r.id}`);
    const out = await layoutSessionGraph(graph);
    return out.ok ? json(out.layout) : json({ error: out.error }, out.status);
  });
}

/** `GET /api/sessions/[id]/timeline`: every seq that changed the graph, for the scrubber. */
export function handleSessionTimeline(store: StoreSource, id: string): Response {
  const path = sessionPath(id);
  if (!path.ok) return path.response;
  return guarded(() => {
    const timeline = storeOf(store).sessionTimeline(path.value.id);
    return timeline ? json(timeline) : notFound(`session ${path.value.id}`);
  });
}

export const deltaParams = z
  .object({ after: seqParam.default(0), until: seqParam.optional(), limit: limitParam })
  .refine((p) => p.until === undefined || p.until >= p.after, { error: "must not be before after", path: ["until"] });

/** `GET /api/sessions/[id]/deltas?after=&until=&limit=`: the deltas playback applies. */
export function handleSessionDeltas(store: StoreSource, id: string, url: URL): Response {
  const path = sessionPath(id);
  if (!path.ok) return path.response;
  const p = parseParams(deltaParams, url);
  if (!p.ok) return p.response;
  return guarded(() => {
    const deltas = storeOf(store).sessionDeltas(path.value.id, p.value.after, p.value.until, p.value.limit);
    return deltas ? json(deltas) : notFound(`session ${path.value.id}`);
  });
}

/** `GET /api/sessions/[id]/nodes/[nodeId]`: one node's versions and removals. */
export function handleNodeHistory(store: StoreSource, id: string, nodeId: string): Response {
  const path = parseParams(z.object({ id: idParam, nodeId: idParam }), { id, nodeId });
  if (!path.ok) return path.response;
  return guarded(() => {
    const history = storeOf(store).nodeHistory(path.value.id, path.value.nodeId);
    return history ? json(history) : notFound(`node ${path.value.nodeId} in session ${path.value.id}`);
  });
}
