import "server-only";
import { z } from "zod";
import { DECISIONS } from "@/lib/queries/audit-schema";
import { INTENT_STATUSES } from "@/lib/queries/intents-schema";
import { cursorParam, timeRowKey } from "../page-cursor";
import { enumParam, exactParam, limitParam, ordered, textParam, timeParam } from "./params";
import { guarded, json, parseParams, storeOf, type StoreSource } from "./respond";

const AUDIT_STATUSES = INTENT_STATUSES.filter((s) => s !== "pending");

export const auditParams = z
  .object({
    executor: exactParam.optional(),
    status: z
      .enum([...AUDIT_STATUSES, "success", "failed"], {
        error: `expected one of ${AUDIT_STATUSES.join(", ")}`,
      })
      .transform((s) => (s === "success" ? "ok" : s === "failed" ? "error" : s))
      .optional(),
    decision: enumParam(DECISIONS).optional(),
    rule: exactParam.optional(),
    sandbox: enumParam(["full", "demo", "unsafe", "none"]).optional(),
    channel: enumParam(["policy", "execution", "security"]).optional(),
    intent: exactParam.optional(),
    from: timeParam.optional(),
    to: timeParam.optional(),
    q: textParam.optional(),
    cursor: cursorParam(timeRowKey).optional(),
    limit: limitParam,
  })
  .superRefine(ordered);

/** `GET /api/audit` */
export function handleAuditSearch(store: StoreSource, url: URL): Response {
  const p = parseParams(auditParams, url);
  if (!p.ok) return p.response;
  const { q, cursor, intent, ...filter } = p.value;
  return guarded(() =>
    json(storeOf(store).searchAudit({ ...filter, intentId: intent, match: q, after: cursor })),
  );
}
