import { z } from "zod";
import { SIGNATURE_STATES } from "./signature-states";
import { facetSchema, listAnswerSchema, nsStringSchema, streamSeqsSchema } from "./list";

/** The intent's signature verdict, as the intents list states it. */
export const SIGNATURE_VERDICTS = SIGNATURE_STATES;

export const DECISIONS = ["allow", "deny", "transform", "none"] as const;
export const decisionSchema = z.enum(DECISIONS);

export const policyDecisionRowSchema = z.object({
  ruleName: z.string(),
  decision: z.string(),
  reason: z.string(),
});

export const auditEventSchema = z.object({
  id: z.number().int(),
  intentId: z.string(),
  capability: z.string().nullable(),
  /** The intent's domain, signer and signature verdict; null while it is not indexed. */
  domain: z.string().nullable(),
  signer: z.string().nullable(),
  signatureState: z.enum(SIGNATURE_STATES).nullable(),
  channel: z.enum(["policy", "execution", "security"]),
  securityType: z.string().nullable(),
  executorId: z.string(),
  resultStatus: z.string(),
  status: z.string(),
  decision: decisionSchema,
  timestampNs: nsStringSchema,
  tsMs: z.number().int(),
  sandboxMode: z.string(),
  cgroupPath: z.string().nullable(),
  landlock: z.boolean(),
  seccomp: z.boolean(),
  decisions: z.array(policyDecisionRowSchema),
  /** JSON as received, every integer above 2^53 as a decimal string. */
  resourceUsage: z.unknown(),
  securityContext: z.unknown(),
  stream: z.string(),
  seq: z.number().int(),
});
export type AuditEventItem = z.infer<typeof auditEventSchema>;

export const auditListSchema = listAnswerSchema(auditEventSchema).extend({
  /** How many events match, over the whole range. */
  total: z.number().int(),
  /**
   * True when `total` and every facet count are lower bounds: a full-text query with
   * many matches counts the newest of them (enough to settle the page), not every one.
   */
  totalIsLowerBound: z.literal(true).optional(),
  facets: z.object({
    executor: facetSchema,
    status: facetSchema,
    decision: facetSchema,
    rule: facetSchema,
    sandbox: facetSchema,
    capability: facetSchema,
    domain: facetSchema,
  }),
});
export type AuditList = z.infer<typeof auditListSchema>;

/**
 * `GET /api/audit/histogram`: matching events per time bucket. The range is the request's
 * from/to; an open end is the matching events' earliest time / latest time + 1 ms (so the
 * default never hides live data), or, with no match, now and now − 1 h. Bucket i covers
 * [fromMs + i × bucketMs, fromMs + (i + 1) × bucketMs), the last one cut at toMs.
 * `total` is the sum of `counts` and equals `/api/audit`'s total for the same filter
 * (which may be a lower bound of it, when that answer says `totalIsLowerBound`).
 */
export const auditHistogramSchema = z.object({
  fromMs: z.number().int(),
  toMs: z.number().int(),
  bucketMs: z.number().int().positive(),
  counts: z.array(z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
  seq: streamSeqsSchema,
});
export type AuditHistogram = z.infer<typeof auditHistogramSchema>;

/** One intent's matching events, as `GET /api/audit/groups` lists them. */
export const auditGroupSchema = z.object({
  intentId: z.string(),
  /** The intent's facts; null while the intent is not indexed. */
  capability: z.string().nullable(),
  domain: z.string().nullable(),
  signer: z.string().nullable(),
  signatureState: z.enum(SIGNATURE_STATES).nullable(),
  /** The worst decision among the group's events: deny > transform > allow > none. */
  decision: decisionSchema,
  /** The distinct (rule, decision, reason) of the group's events, in event order. */
  decisions: z.array(policyDecisionRowSchema),
  /** The status of the group's newest event (its outcome as audited). */
  status: z.string(),
  /** How many of the intent's events match the filter. */
  events: z.number().int().positive(),
  firstTsMs: z.number().int(),
  lastTsMs: z.number().int(),
  lastTimestampNs: nsStringSchema,
});
export type AuditGroup = z.infer<typeof auditGroupSchema>;

/**
 * Newest group (by its newest matching event) first; `total`: groups matching, a lower
 * bound when `totalIsLowerBound` (full text with many matches: the groups of the newest
 * matches read; the groups shown and their counts are exact).
 */
export const auditGroupsSchema = listAnswerSchema(auditGroupSchema).extend({
  total: z.number().int().nonnegative(),
  totalIsLowerBound: z.literal(true).optional(),
});
export type AuditGroups = z.infer<typeof auditGroupsSchema>;
