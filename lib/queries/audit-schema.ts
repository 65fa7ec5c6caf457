import { z } from "zod";
import { facetSchema, listAnswerSchema, nsStringSchema } from "./list-schema";

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
  }),
});
export type AuditList = z.infer<typeof auditListSchema>;
