import "server-only";
import { z } from "zod";
import { cursorParam, timeRowKey } from "./page-cursor";
import { auditFilterShape, toAuditFilter } from "./audit-params";
import { limitParam, ordered } from "./params";
import { guarded, json, parseParams, storeOf, type StoreSource } from "./respond";
import { underBudget, type Searcher } from "./search-budget";

export const auditParams = z
  .object({
    ...auditFilterShape,
    cursor: cursorParam(timeRowKey).optional(),
    limit: limitParam,
  })
  .superRefine(ordered);

/** `GET /api/audit` */
export function handleAuditSearch(store: StoreSource, url: URL, searcher?: Searcher): Response {
  const p = parseParams(auditParams, url);
  if (!p.ok) return p.response;
  const filter = { ...toAuditFilter(p.value, p.value.limit), after: p.value.cursor };
  return underBudget(searcher, filter.match !== undefined, () => guarded(() => json(storeOf(store).searchAudit(filter))));
}
