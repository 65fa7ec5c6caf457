import { z } from "zod";
import { auditEventSchema, decisionSchema, policyDecisionRowSchema } from "./audit";
import { listAnswerSchema, nsStringSchema, streamSeqsSchema } from "./list";

import { SIGNATURE_STATES } from "./signature-states";

export { SIGNATURE_STATES };
export const signatureStateSchema = z.enum(SIGNATURE_STATES);

/**
 * A result's status with the legacy aliases folded in; `pending` = no result yet,
 * `no-result` = none after its TTL plus the grace period (see intent-outcome.ts), and
 * `timeout` / `killed` include runner timeouts and kills reported as `error`.
 */
export const INTENT_STATUSES = ["pending", "no-result", "ok", "error", "denied", "timeout", "killed"] as const;
export const intentStatusSchema = z.enum(INTENT_STATUSES);

export const intentSummarySchema = z.object({
  id: z.string(),
  capability: z.string(),
  domain: z.string(),
  signer: z.string(),
  signatureState: signatureStateSchema,
  stage: z.string(),
  createdAtNs: nsStringSchema,
  createdMs: z.number().int(),
  ttlMs: z.number().int(),
  expiresAtNs: nsStringSchema,
  status: intentStatusSchema,
  /** The status as the result wrote it (`success` / `failed` from older producers). */
  resultStatus: z.string().nullable(),
  errorCode: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** Started after its TTL ran out; null until the result is known. */
  ranLate: z.boolean().nullable(),
  decision: decisionSchema.nullable(),
  executorId: z.string().nullable(),
  sessionId: z.string().nullable(),
  nodeId: z.string().nullable(),
  stream: z.string(),
  seq: z.number().int(),
  /** Further copies of this id with other bytes (an integrity alarm); 0 for none. */
  conflictingCopies: z.number().int().nonnegative(),
});
export type IntentSummary = z.infer<typeof intentSummarySchema>;

export const intentListSchema = listAnswerSchema(intentSummarySchema);
export type IntentList = z.infer<typeof intentListSchema>;

/**
 * A row of the Intents list as the browser keeps it. API rows carry the server's verdict;
 * a live row's signature is checked in the browser when the row is shown (checking every
 * arrival would cap the page far below the stream's rate), so until then it is null and
 * the row keeps the exact text received, which is what the check covers.
 */
export type IntentListRow = Omit<IntentSummary, "signatureState"> & {
  signatureState: IntentSummary["signatureState"] | null;
  pendingRaw?: string;
};
export type IntentListPage = Omit<IntentList, "items"> & { items: IntentListRow[] };

export const resultSchema = z.object({
  status: z.string(),
  statusNorm: z.string(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  startedAtNs: nsStringSchema,
  finishedAtNs: nsStringSchema,
  durationMs: z.number(),
  runnerMeta: z.unknown(),
  output: z.unknown(),
  auditRef: z.unknown(),
  stream: z.string(),
  seq: z.number().int(),
});

export const TTL_STATES = [
  "ran-in-time",
  "expired-before-run",
  "not-run",
  "awaiting",
  "expired-unanswered",
  "no-result",
  "unknown",
] as const;

/** Another copy of an intent id, with bytes that differ from the copy the list shows. */
export const intentCopySchema = z.object({
  stream: z.string(),
  seq: z.number().int(),
  subject: z.string(),
  /** The exact text received: what its signature covers. */
  raw: z.string(),
  signature: z.object({ state: signatureStateSchema, reason: z.string() }),
  capabilityDigest: z.string().nullable(),
  publishedAtNs: nsStringSchema.nullable(),
  receivedMs: z.number().int(),
});
export type IntentCopy = z.infer<typeof intentCopySchema>;

export const intentDetailSchema = z.object({
  id: z.string(),
  /** Null when the result or audit trail arrived but the intent itself did not (yet). */
  intent: intentSummarySchema
    .extend({
      nonce: z.string(),
      params: z.unknown(),
      metadata: z.unknown(),
      capabilityDigest: z.string().nullable(),
      /** The exact text received: what the signature covers. */
      raw: z.string(),
    })
    .nullable(),
  signature: z
    .object({ state: signatureStateSchema, reason: z.string(), trustListConfigured: z.boolean() })
    .nullable(),
  ttl: z.object({
    state: z.enum(TTL_STATES),
    expiresAtNs: nsStringSchema.nullable(),
    /** Started minus expiry, exact to the nanosecond in ms; positive = started late. */
    lateByMs: z.number().nullable(),
    /** Without a result: when it reads "no result" (expiry + grace, epoch ms). */
    noResultAtMs: z.number().nullable(),
  }),
  /** The copy the list shows is `intent` (the first received); these are the others. */
  copies: z.array(intentCopySchema),
  result: resultSchema.nullable(),
  policyDecisions: z.array(policyDecisionRowSchema),
  auditEvents: z.array(auditEventSchema),
  /** The audit events were left out: the audit trail is for auditors. */
  auditRedacted: z.boolean().optional(),
  graphNodes: z.array(
    z.object({
      sessionId: z.string(),
      nodeId: z.string(),
      label: z.string(),
      nodeType: z.string(),
      status: z.string().nullable(),
      present: z.boolean(),
    }),
  ),
  seq: streamSeqsSchema,
});
export type IntentDetail = z.infer<typeof intentDetailSchema>;
