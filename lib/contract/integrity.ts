import { z } from "zod";
import { intentSummarySchema } from "./intents";
import { listAnswerSchema, streamSeqsSchema } from "./list";
import { SIGNATURE_STATES } from "./signature-states";

/**
 * What the integrity view counts over the intents created in a range: the four signature
 * verdicts, results whose runner reports another capability digest than the intent's
 * `capability-digest` header, runs that started after the intent's TTL ran out, results
 * no audit event speaks of, intents with no result after their TTL and the grace period
 * (rejected at admission or lost), and intent ids that came again with other bytes.
 */
export const INTEGRITY_KINDS = [
  ...SIGNATURE_STATES,
  "digest-mismatch",
  "ttl-expired",
  "no-audit",
  "no-result",
  "conflicting-copies",
] as const;
export type IntegrityKind = (typeof INTEGRITY_KINDS)[number];
export const integrityKindSchema = z.enum(INTEGRITY_KINDS);

const countSchema = z.number().int().nonnegative();

export const integritySummarySchema = z.object({
  /** Intents created in the range. */
  intents: countSchema,
  /** Their results (the base of the three result checks). */
  results: countSchema,
  /** Results where both digests are known, so the comparison could be made. */
  digestsCompared: countSchema,
  counts: z.object({
    verified: countSchema,
    unsigned: countSchema,
    invalid: countSchema,
    "untrusted-signer": countSchema,
    "digest-mismatch": countSchema,
    "ttl-expired": countSchema,
    "no-audit": countSchema,
    "no-result": countSchema,
    "conflicting-copies": countSchema,
  }),
  seq: streamSeqsSchema,
});
export type IntegritySummary = z.infer<typeof integritySummarySchema>;

/** An intent in one of the integrity lists, with the facts that put it there. */
export const integrityRowSchema = intentSummarySchema.extend({
  /** The intent's `capability-digest` header. */
  intentDigest: z.string().nullable(),
  /** `runner_meta.capability_digest` of its result. */
  resultDigest: z.string().nullable(),
  /** When its result says it started, exact ns; null without a result. */
  startedAtNs: z.string().nullable(),
});
export type IntegrityRow = z.infer<typeof integrityRowSchema>;

export const integrityRowsSchema = listAnswerSchema(integrityRowSchema);
export type IntegrityRows = z.infer<typeof integrityRowsSchema>;
