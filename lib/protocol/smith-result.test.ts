import { describe, expect, it } from "vitest";
import { validate } from "./issues";
import { parseLossless } from "./json";
import {
  intentResultSchema,
  normalizeExecutionStatus,
  shellExecOutputSchema,
} from "./smith-result";
import {
  child,
  INTENT_ID,
  mutate,
  RESULT_DENIED_RAW,
  RESULT_LEGACY_RAW,
  RESULT_OK_RAW,
} from "./test-fixtures";

type Edit = (value: Record<string, unknown>) => void;

function check(raw: string) {
  return validate(intentResultSchema, parseLossless(raw));
}

describe("intentResultSchema", () => {
  it("accepts a denied result as the executor writes it", () => {
    const result = check(RESULT_DENIED_RAW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value;
    expect(value.status).toBe("denied");
    expect(value.started_at_ns).toBe(value.finished_at_ns);
    expect(value.runner_meta).toEqual({
      pid: 0,
      cpu_ms: 0,
      max_rss_kb: 0,
      capability_digest: null,
    });
    expect(value.error).toEqual({
      code: "POLICY_DENIED",
      message: "path /etc/shadow is outside the allowlist",
    });
    expect(value.output).toBeNull();
    expect(value.audit_ref).toEqual({
      id: `audit-${INTENT_ID}`,
      timestamp: 1735689600n,
      hash: "placeholder",
    });
  });

  it("accepts an ok shell.exec result and reads its output", () => {
    const result = check(RESULT_OK_RAW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.finished_at_ns - result.value.started_at_ns).toBe(12123456n);
    const output = shellExecOutputSchema.parse(result.value.output);
    expect(output).toMatchObject({ stdout: "hello\n", exit_code: 0, stdout_bytes: 6n });
  });

  it.each([
    ["a legacy `success` status", RESULT_LEGACY_RAW],
    ["a legacy `failed` status", mutate(RESULT_LEGACY_RAW, (v) => (v.status = "failed"))],
    ["timeout", mutate(RESULT_OK_RAW, (v) => ((v.status = "timeout"), (v.output = null)))],
    ["killed", mutate(RESULT_OK_RAW, (v) => (v.status = "killed"))],
    [
      "absent optionals (hand-written producers)",
      mutate(
        RESULT_DENIED_RAW,
        (v) => (delete v.output, delete v.error, delete child(v, "runner_meta").capability_digest),
      ),
    ],
    ["an extra field", mutate(RESULT_OK_RAW, (v) => (v.executor = "executor-01"))],
  ])("accepts %s", (_name, raw) => {
    expect(check(raw).ok).toBe(true);
  });

  it.each<[string, Edit, string]>([
    [
      "an unknown status",
      (v) => (v.status = "done"),
      'status: expected one of "ok", "error", "denied", "timeout", "killed", "success", "failed", got "done"',
    ],
    [
      "started_at_ns as a float",
      (v) => (v.started_at_ns = 1.5),
      "started_at_ns: expected an integer, got 1.5",
    ],
    [
      "finished_at_ns missing",
      (v) => delete v.finished_at_ns,
      "finished_at_ns: missing, expected an integer",
    ],
    [
      "a negative pid",
      (v) => (child(v, "runner_meta").pid = -1),
      "runner_meta.pid: expected an integer from 0 to 4294967295, got -1",
    ],
    [
      "an error without code",
      (v) => (v.error = { message: "x" }),
      "error.code: missing, expected string",
    ],
    [
      "audit_ref.timestamp as text",
      (v) => (child(v, "audit_ref").timestamp = "now"),
      "audit_ref.timestamp: expected an integer, got string",
    ],
    ["runner_meta missing", (v) => delete v.runner_meta, "runner_meta: missing, expected object"],
  ])("rejects %s", (_name, edit, reason) => {
    const result = check(mutate(RESULT_DENIED_RAW, edit));
    expect(!result.ok && result.reason).toBe(reason);
  });
});

describe("normalizeExecutionStatus", () => {
  it.each([
    ["success", "ok"],
    ["failed", "error"],
    ["denied", "denied"],
  ] as const)("%s → %s", (status, expected) => {
    expect(normalizeExecutionStatus(status)).toBe(expected);
  });
});
