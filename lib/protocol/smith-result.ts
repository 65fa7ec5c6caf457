import { z } from "zod";
import { i32, jsonValue, nonEmptyString, u128, u32, u64 } from "./primitives";

/** `success` and `failed` come from older producers (aliases of `ok` and `error`). */
export const EXECUTION_STATUSES = [
  "ok",
  "error",
  "denied",
  "timeout",
  "killed",
  "success",
  "failed",
] as const;
export const executionStatusSchema = z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.output<typeof executionStatusSchema>;

/** Folds the legacy aliases into the current statuses, for grouping and filters. */
export function normalizeExecutionStatus(
  status: ExecutionStatus,
): Exclude<ExecutionStatus, "success" | "failed"> {
  if (status === "success") return "ok";
  if (status === "failed") return "error";
  return status;
}

/**
 * What the runner's own status says, where the executor folded it into `error`: agentd's
 * executor (admission_pipeline.rs, `create_intent_result`) reports a runner that ended
 * `Timeout` or `Killed` as `status: "error"`, `error.code: "EXECUTION_OTHER"`, message
 * `Runner execution completed with status: Timeout` (Rust's Debug name of the status).
 */
const RUNNER_STATUS = /status: (Timeout|Killed)$/;

/**
 * The outcome Pilot files a result under: the normalized status, except that a runner
 * timeout or kill reported as `error` / `EXECUTION_OTHER` is `timeout` / `killed`, so that
 * it is found where a timeout is looked for. The original status stays beside it.
 */
export function resultOutcome(
  status: ExecutionStatus,
  error: { code: string; message: string } | null | undefined,
): Exclude<ExecutionStatus, "success" | "failed"> {
  const norm = normalizeExecutionStatus(status);
  if (norm !== "error" || error?.code !== "EXECUTION_OTHER") return norm;
  const runner = RUNNER_STATUS.exec(error.message.trim())?.[1];
  return runner === "Timeout" ? "timeout" : runner === "Killed" ? "killed" : norm;
}

/** Codes the real executor writes: `POLICY_DENIED`, `EXECUTION_ERROR`, `EXECUTION_OTHER`. */
export const executionErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
});
export type ExecutionError = z.output<typeof executionErrorSchema>;

/** All zero (and no digest) on a denied result. */
export const runnerMetadataSchema = z.looseObject({
  pid: u32,
  cpu_ms: u32,
  max_rss_kb: u32,
  capability_digest: z.string().nullish(),
});
export type RunnerMetadata = z.output<typeof runnerMetadataSchema>;

/** `id` is `audit-<intent_id>`; `hash` may be the literal `placeholder`; `timestamp` is in seconds. */
export const auditRefSchema = z.looseObject({
  id: z.string(),
  timestamp: u64,
  hash: z.string(),
});
export type AuditRef = z.output<typeof auditRefSchema>;

export const intentResultSchema = z.looseObject({
  intent_id: nonEmptyString,
  status: executionStatusSchema,
  output: jsonValue.optional(),
  error: executionErrorSchema.nullish(),
  started_at_ns: u128,
  finished_at_ns: u128,
  runner_meta: runnerMetadataSchema,
  audit_ref: auditRefSchema,
});
export type IntentResult = z.output<typeof intentResultSchema>;

/** What a `shell.exec.v1` result's `output` looks like; for display, not enforced. */
export const shellExecOutputSchema = z.looseObject({
  stdout: z.string().nullish(),
  stderr: z.string().nullish(),
  logs: jsonValue.optional(),
  exit_code: i32.nullish(),
  duration_ms: u64.nullish(),
  stdout_bytes: u64.nullish(),
  stderr_bytes: u64.nullish(),
});
export type ShellExecOutput = z.output<typeof shellExecOutputSchema>;
