import { z } from "zod";
import { nsStringSchema, streamSeqsSchema } from "./list";

/** One `PolicyUpdate` from `smith.policies.updates`, as the policy change log lists it. */
export const policyChangeSchema = z.object({
  id: z.number().int(),
  action: z.string(),
  /** upsert and remove. */
  policyId: z.string().nullable(),
  /** upsert; reset (null = every capability). */
  capability: z.string().nullable(),
  version: z.string().nullable(),
  tenant: z.string().nullable(),
  priority: z.number().int().nullable(),
  entrypoint: z.string().nullable(),
  /** When JetStream stored it. */
  publishedNs: nsStringSchema.nullable(),
  /** The update exactly as published (the Rego module included). */
  raw: z.string(),
  stream: z.string(),
  seq: z.number().int(),
});
export type PolicyChange = z.infer<typeof policyChangeSchema>;

export const policyChangesSchema = z.object({
  /** Newest first. */
  items: z.array(policyChangeSchema),
  seq: streamSeqsSchema,
});
export type PolicyChanges = z.infer<typeof policyChangesSchema>;
