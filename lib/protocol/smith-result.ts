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
