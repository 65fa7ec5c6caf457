import "server-only";
import { z } from "zod";
import { cursorParam, rowKey } from "../page-cursor";
import { idParam, limitParam, seqParam } from "./params";
import { guarded, json, notFound, parseParams, storeOf, type StoreSource } from "./respond";

export const sessionListParams = z.object({
  cursor: cursorParam(rowKey).optional(),
  limit: limitParam,
});

/** `GET /api/sessions` */
export function handleSessionList(store: StoreSource, url: URL): Response {
  const p = parseParams(sessionListParams, url);
  if (!p.ok) return p.response;
  return guarded(() =>
    json(storeOf(store).listSessions({ limit: p.value.limit, after: p.value.cursor })),
  );
}

export const graphParams = z.object({ seq: seqParam.optional() });

/** `GET /api/sessions/[id]/graph?seq=` */
export function handleSessionGraph(store: StoreSource, id: string, url: URL): Response {
  const path = parseParams(z.object({ id: idParam }), { id });
  if (!path.ok) return path.response;
  const p = parseParams(graphParams, url);
  if (!p.ok) return p.response;
  return guarded(() => {
    const graph = storeOf(store).sessionGraph(path.value.id, p.value.seq);
    return graph ? json(graph) : notFound(`session ${path.value.id}`);
  });
}
