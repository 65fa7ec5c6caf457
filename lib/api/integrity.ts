import "server-only";
import { z } from "zod";
import { INTEGRITY_KINDS } from "@/lib/contract/integrity";
import { cursorParam, timeIdKey } from "./page-cursor";
import { enumParam, limitParam, ordered, timeParam } from "./params";
import { guarded, json, parseParams, storeOf, type StoreSource } from "./respond";

export const integrityParams = z
  .object({ from: timeParam.optional(), to: timeParam.optional() })
  .strict()
  .superRefine(ordered);

export const integrityRowParams = z
  .object({
    kind: enumParam(INTEGRITY_KINDS),
    from: timeParam.optional(),
    to: timeParam.optional(),
    cursor: cursorParam(timeIdKey).optional(),
    limit: limitParam,
  })
  .strict()
  .superRefine(ordered);

/** `GET /api/audit/integrity?from&to`: the integrity counts of the intents created in the range. */
export function handleIntegrity(store: StoreSource, url: URL): Response {
  const p = parseParams(integrityParams, url);
  if (!p.ok) return p.response;
  return guarded(() => json(storeOf(store).integritySummary(p.value)));
}

/** `GET /api/audit/integrity/rows?kind&from&to&cursor&limit`: the intents behind one count. */
export function handleIntegrityRows(store: StoreSource, url: URL): Response {
  const p = parseParams(integrityRowParams, url);
  if (!p.ok) return p.response;
  const { cursor, ...filter } = p.value;
  return guarded(() => json(storeOf(store).integrityRows({ ...filter, after: cursor })));
}
