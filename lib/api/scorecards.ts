import "server-only";
import { z } from "zod";
import { cursorParam, rowKey } from "./page-cursor";
import { exactParam, limitParam } from "./params";
import { guarded, json, parseParams, storeOf, type StoreSource } from "./respond";

export const scorecardParams = z.object({
  pilot: exactParam.optional(),
  model: exactParam.optional(),
  cursor: cursorParam(rowKey).optional(),
  limit: limitParam,
});

/** `GET /api/scorecards` */
export function handleScorecards(store: StoreSource, url: URL): Response {
  const p = parseParams(scorecardParams, url);
  if (!p.ok) return p.response;
  const { cursor, ...filter } = p.value;
  return guarded(() => json(storeOf(store).scorecards({ ...filter, after: cursor })));
}
