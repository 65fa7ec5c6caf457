import "server-only";
import { z } from "zod";
import { cursorParam, timeRowKey } from "./page-cursor";
import { auditFilterShape, toAuditFilter } from "./audit-params";
import { limitParam, ordered } from "./params";
import { guarded, json, parseParams, storeOf, type StoreSource } from "./respond";
import { underBudget, type Searcher } from "./search-budget";

export const DEFAULT_BUCKETS = 60;
export const MAX_BUCKETS = 500;

const bucketsParam = z
  .string()
  .regex(/^\d{1,4}$/, { error: `expected an integer from 1 to ${MAX_BUCKETS}` })
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, { error: `expected an integer from 1 to ${MAX_BUCKETS}` })
      .max(MAX_BUCKETS, { error: `expected an integer from 1 to ${MAX_BUCKETS}` }),
  )
  .default(DEFAULT_BUCKETS);

export const histogramParams = z
  .object({ ...auditFilterShape, buckets: bucketsParam })
  .superRefine(ordered);

export const groupsParams = z
  .object({
    ...auditFilterShape,
    cursor: cursorParam(timeRowKey).optional(),
    limit: limitParam,
  })
  .superRefine(ordered);

/** `GET /api/audit/histogram` */
export function handleAuditHistogram(store: StoreSource, url: URL, searcher?: Searcher): Response {
  const p = parseParams(histogramParams, url);
  if (!p.ok) return p.response;
  const filter = toAuditFilter(p.value, 0);
  return underBudget(searcher, filter.match !== undefined, () =>
    guarded(() => json(storeOf(store).auditHistogram(filter, p.value.buckets))),
  );
}

/** `GET /api/audit/groups` */
export function handleAuditGroups(store: StoreSource, url: URL, searcher?: Searcher): Response {
  const p = parseParams(groupsParams, url);
  if (!p.ok) return p.response;
  const filter = { ...toAuditFilter(p.value, p.value.limit), after: p.value.cursor };
  return underBudget(searcher, filter.match !== undefined, () => guarded(() => json(storeOf(store).auditGroups(filter))));
}
