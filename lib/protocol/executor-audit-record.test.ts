import { describe, expect, it } from "vitest";
import { validate } from "./issues";
import { parseLossless } from "./json";
import { executorAuditRecordSchema } from "./smith-audit";
import { child, EXECUTOR_AUDIT_RECORD_RAW, mutate } from "./test-fixtures";

/** The on-disk JSONL record's quirks, as the audit import meets them. */
describe("executorAuditRecordSchema: on-disk quirks", () => {
  const check = (raw: string) => validate(executorAuditRecordSchema, parseLossless(raw));

  it("keeps u64 byte counts above 2^53 exact", () => {
    const raw = mutate(EXECUTOR_AUDIT_RECORD_RAW, (v) => (child(v, "result").stdout_bytes = 18446744073709551615n));
    const r = check(raw);
    expect(r.ok && r.value.result?.stdout_bytes).toBe(18446744073709551615n);
  });

  it("takes a missing `code` and `jwt_subject` like null (serde skips some None)", () => {
    const raw = mutate(EXECUTOR_AUDIT_RECORD_RAW, (v) => {
      delete child(v, "decision").code;
      delete child(v, "actor").jwt_subject;
      delete v.result;
    });
    const r = check(raw);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.result).toBeUndefined();
  });

  it("keeps a result status it does not know (the file's status is free text)", () => {
    const raw = mutate(EXECUTOR_AUDIT_RECORD_RAW, (v) => (child(v, "result").status = "oom_killed"));
    const r = check(raw);
    expect(r.ok && r.value.result?.status).toBe("oom_killed");
  });

  it("keeps fields it does not know", () => {
    const raw = mutate(EXECUTOR_AUDIT_RECORD_RAW, (v) => (v.trace_id = "t-1"));
    const r = check(raw);
    expect(r.ok && r.value.trace_id).toBe("t-1");
  });

  it.each([
    ["a timestamp written as a string", (v: Record<string, unknown>) => (v.timestamp_ms = "1735689601470"), "timestamp_ms: expected"],
    ["an exit code beyond i32", (v: Record<string, unknown>) => (child(v, "result").exit_code = 2 ** 31), "result.exit_code: expected"],
    ["an empty intent id", (v: Record<string, unknown>) => (v.intent_id = ""), "intent_id:"],
    ["allow as a string", (v: Record<string, unknown>) => (child(v, "decision").allow = "true"), "decision.allow:"],
  ])("refuses %s, naming the field", (_name, edit, reason) => {
    const r = check(mutate(EXECUTOR_AUDIT_RECORD_RAW, edit));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });
});
