import "server-only";
import { z } from "zod";
import { INTENT_STATUSES, SIGNATURE_STATES } from "@/lib/contract/intents";
import { cursorParam, timeIdKey } from "./page-cursor";
import {
  enumParam,
  exactParam,
  idParam,
  limitParam,
  ordered,
  textParam,
  timeParam,
} from "./params";
import { guarded, json, notFound, parseParams, storeOf, type StoreSource } from "./respond";

// `success` / `failed` are the older producers' names for ok / error.
const statusParam = z
  .enum([...INTENT_STATUSES, "success", "failed"], {
    error: `expected one of ${INTENT_STATUSES.join(", ")}`,
  })
  .transform((s) => (s === "success" ? "ok" : s === "failed" ? "error" : s));

export const intentListParams = z
  .object({
    capability: exactParam.optional(),
    domain: exactParam.optional(),
    status: statusParam.optional(),
    signature: enumParam(SIGNATURE_STATES).optional(),
    signer: exactParam.optional(),
    /** `conflicting`: only ids that also came with other bytes. */
    copies: enumParam(["conflicting"]).optional(),
    from: timeParam.optional(),
    to: timeParam.optional(),
    q: textParam.optional(),
    cursor: cursorParam(timeIdKey).optional(),
    limit: limitParam,
  })
  .superRefine(ordered);

/** `GET /api/intents` */
export function handleIntentList(store: StoreSource, url: URL): Response {
  const p = parseParams(intentListParams, url);
  if (!p.ok) return p.response;
  const { q, cursor, copies, ...filter } = p.value;
  return guarded(() =>
    json(storeOf(store).listIntents({ ...filter, conflict: copies === "conflicting", match: q, after: cursor })),
  );
}

/** `GET /api/intents/[id]` */
/**
 * `GET /api/intents/[id]`. The audit trail is for auditors: without `withAudit` the audit
 * events are left out and `auditRedacted` says so.
 */
export function handleIntentDetail(store: StoreSource, id: string, opts: { withAudit: boolean } = { withAudit: true }): Response {
  const p = parseParams(z.object({ id: idParam }), { id });
  if (!p.ok) return p.response;
  return guarded(() => {
    const detail = storeOf(store).getIntent(p.value.id);
    if (!detail) return notFound(`intent ${p.value.id}`);
    return json(opts.withAudit ? detail : { ...detail, auditEvents: [], auditRedacted: true });
  });
}
