import { z } from "zod";
import { SIGNATURE_STATES } from "./signature-states";
import { facetSchema, listAnswerSchema, nsStringSchema } from "./list-schema";

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
