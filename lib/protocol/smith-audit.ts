import { z } from "zod";
import { i32, nonEmptyString, u128, u32, u64 } from "./primitives";
import { executionStatusSchema } from "./smith-result";

export const policyDecisionSchema = z.looseObject({
  rule_name: z.string(),
  decision: z.enum(["allow", "deny", "transform"]),
  reason: z.string(),
});
export type PolicyDecision = z.output<typeof policyDecisionSchema>;

export const sandboxModeSchema = z.enum(["full", "demo", "unsafe"]);
export type SandboxMode = z.output<typeof sandboxModeSchema>;

export const allowlistHitSchema = z.looseObject({
  resource_type: z.string(),
  resource_id: z.string(),
  operation: z.string(),
  timestamp_ns: u128,
});
export type AllowlistHit = z.output<typeof allowlistHitSchema>;

export const securityContextSchema = z.looseObject({
  sandbox_mode: sandboxModeSchema.nullish(),
  user_ns: u32.nullish(),
  mount_ns: u32.nullish(),
  pid_ns: u32.nullish(),
  net_ns: u32.nullish(),
  cgroup_path: z.string().nullish(),
  landlock_enabled: z.boolean(),
  seccomp_enabled: z.boolean(),
  allowlist_hits: z.array(allowlistHitSchema).nullish(),
});
export type SecurityContext = z.output<typeof securityContextSchema>;

export const resourceUsageSchema = z.looseObject({
  peak_memory_kb: u32,
  cpu_time_ms: u32,
  wall_time_ms: u32,
  fd_count: u32,
  disk_read_bytes: u64,
  disk_write_bytes: u64,
  network_tx_bytes: u64,
  network_rx_bytes: u64,
});
export type ResourceUsage = z.output<typeof resourceUsageSchema>;

/** On `smith.audit.policy.<intent_id>`: the admission's policy decisions. */
export const auditEntrySchema = z.looseObject({
  intent_id: nonEmptyString,
  result_status: executionStatusSchema,
  timestamp_ns: u128,
  executor_id: z.string(),
  policy_decisions: z.array(policyDecisionSchema),
  security_context: securityContextSchema,
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

/** On `smith.audit.execution.*` and `smith.audit.security.*`: an entry plus resource usage. */
export const auditEventSchema = auditEntrySchema.extend({
  resource_usage: resourceUsageSchema.nullish(),
});
export type AuditEvent = z.output<typeof auditEventSchema>;

/** Limits with Smith's defaults filled in (`ExecutionLimits::default()`). */
export const executionLimitsSchema = z.looseObject({
  cpu_ms_per_100ms: u32.default(50),
  mem_bytes: u64.default(128n * 1024n * 1024n),
  io_bytes: u64.default(10n * 1024n * 1024n),
  pids_max: u32.default(10),
  timeout_ms: u64.default(30_000n),
});
export type ExecutionLimits = z.output<typeof executionLimitsSchema>;

/** The limits as an audit record states them: all required, nothing filled in. */
export const auditLimitsSchema = z.looseObject({
  cpu_ms_per_100ms: u32,
  mem_bytes: u64,
  io_bytes: u64,
  pids_max: u32,
  timeout_ms: u64,
});
export type AuditLimits = z.output<typeof auditLimitsSchema>;

/**
 * One line of the executor's on-disk JSONL audit log (`AuditRecord`, one file a day).
 * `code` is the error code when denied; `result` is `null` until execution finished.
 */
export const executorAuditRecordSchema = z.looseObject({
  timestamp_ms: u64,
  intent_id: nonEmptyString,
  intent_hash: z.string(),
  capability_digest: z.string(),
  runner_digest: z.string(),
  decision: z.looseObject({
    allow: z.boolean(),
    code: z.string().nullish(),
    limits: auditLimitsSchema,
  }),
  sandbox_digest: z.string(),
  actor: z.looseObject({
    tenant: z.string(),
    key_id: z.string(),
    jwt_subject: z.string().nullish(),
  }),
  result: z
    .looseObject({
      status: z.string(),
      duration_ms: u64,
      exit_code: i32.nullish(),
      artifacts_count: u32,
      stdout_bytes: u64,
      stderr_bytes: u64,
    })
    .nullish(),
});
export type ExecutorAuditRecord = z.output<typeof executorAuditRecordSchema>;
