import "server-only";
import { z } from "zod";
import { parseAuditQuery, type ParsedQuery } from "@/lib/audit-search/parse";
import { DECISIONS } from "@/lib/contract/audit";
import { INTENT_STATUSES } from "@/lib/contract/intents";
import type { AuditFilter } from "@/lib/store";
import { ftsCostProblem, phraseFtsQuery } from "./fts-match";
import { enumParam, exactParam, ordered, timeParam } from "./params";

// An audit event carries the status its producer wrote: never a derived "no result".
const AUDIT_STATUSES = INTENT_STATUSES.filter((s) => s !== "pending" && s !== "no-result");

/**
 * `q` is the audit search language (lib/audit-search): `field:value` terms, words and
 * "quoted phrases". A malformed query is a 400 with the parser's message, so the page can
 * show it under the box.
 */
const queryParam = z
  .string()
  .max(1000, { error: "at most 1000 characters" })
  .transform((text, ctx): ParsedQuery => {
    const parsed = parseAuditQuery(text);
    if (!parsed.ok) {
      ctx.issues.push({ code: "custom", input: text, message: parsed.error.message });
      return z.NEVER;
    }
    const { terms, text: words } = parsed.query;
    const tooCostly = ftsCostProblem(words);
    if (tooCostly !== null) {
      ctx.issues.push({ code: "custom", input: text, message: tooCostly });
      return z.NEVER;
    }
    if (terms.length === 0 && phraseFtsQuery(words) === null) {
      ctx.issues.push({ code: "custom", input: text, message: "has no word to search for" });
      return z.NEVER;
    }
    return parsed.query;
  });

/** The filter parameters every audit route shares (list, histogram, groups, export). */
export const auditFilterShape = {
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
  capability: exactParam.optional(),
  domain: exactParam.optional(),
  signer: exactParam.optional(),
  intent: exactParam.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  q: queryParam.optional(),
};

export const auditFilterParams = z.object(auditFilterShape).superRefine(ordered);
export type AuditFilterParams = z.output<typeof auditFilterParams>;

const DIMS = [
  "executor",
  "status",
  "decision",
  "rule",
  "sandbox",
  "capability",
  "domain",
  "signer",
  "intent",
] as const;

/** Parameters and query terms as one filter; a field given twice must match both. */
export function toAuditFilter(p: AuditFilterParams, limit: number): AuditFilter {
  const values = new Map<(typeof DIMS)[number], Set<string>>();
  const add = (dim: (typeof DIMS)[number], v: string | undefined) => {
    if (v !== undefined) values.set(dim, (values.get(dim) ?? new Set()).add(v));
  };
  for (const dim of DIMS) add(dim, p[dim]);
  for (const t of p.q?.terms ?? []) add(t.field, t.value);
  const pick = (dim: (typeof DIMS)[number]) => {
    const v = values.get(dim);
    return v ? [...v] : undefined;
  };
  return {
    executor: pick("executor"),
    status: pick("status"),
    decision: pick("decision"),
    rule: pick("rule"),
    sandbox: pick("sandbox"),
    capability: pick("capability"),
    domain: pick("domain"),
    signer: pick("signer"),
    intentId: pick("intent"),
    channel: p.channel,
    from: p.from,
    to: p.to,
    match: phraseFtsQuery(p.q?.text ?? []) ?? undefined,
    limit,
  };
}
