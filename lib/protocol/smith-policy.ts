import { z } from "zod";
import { jsonValue, u32, u64 } from "./primitives";

// `smith_protocol::policy` (sibyllinesoft/agentd crates/smith-protocol/src/policy.rs): what
// the control plane publishes on `smith.policies.updates` and every executor applies in
// order (`PolicyUpdate`, internally tagged by `action`, snake_case). Optional fields of
// `OpaPolicy` are left out when `None` and default when absent (`priority` to 0).

export const policyLimitsSchema = z.looseObject({
  cpu_ms_per_100ms: u32,
  mem_bytes: u64,
  io_bytes: u64,
  pids_max: u32,
  timeout_ms: u64,
});

export const opaPolicySchema = z.looseObject({
  policy_id: z.string(),
  version: u64,
  capability: z.string(),
  tenant: z.string().nullish(),
  priority: u32.optional(),
  entrypoint: z.string(),
  module: z.string(),
  data: jsonValue.optional(),
  limits: policyLimitsSchema.nullish(),
  scope: jsonValue.optional(),
  metadata: jsonValue.optional(),
});
export type OpaPolicy = z.output<typeof opaPolicySchema>;

export const policyUpdateSchema = z.discriminatedUnion("action", [
  z.looseObject({ action: z.literal("upsert"), policy: opaPolicySchema }),
  z.looseObject({ action: z.literal("remove"), policy_id: z.string() }),
  /** `capability` null or absent: every policy is cleared. */
  z.looseObject({ action: z.literal("reset"), capability: z.string().nullish() }),
]);
export type PolicyUpdate = z.output<typeof policyUpdateSchema>;
