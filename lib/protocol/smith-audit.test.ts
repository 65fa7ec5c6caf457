import { describe, expect, it } from "vitest";
import { validate } from "./issues";
import { parseLossless } from "./json";
import {
  auditEntrySchema,
  auditEventSchema,
  executionLimitsSchema,
  executorAuditRecordSchema,
  policyDecisionSchema,
  resourceUsageSchema,
} from "./smith-audit";
import {
  AUDIT_ENTRY_RAW,
  AUDIT_EVENT_RAW,
  child,
  EXECUTOR_AUDIT_RECORD_RAW,
  mutate,
} from "./test-fixtures";

type Edit = (value: Record<string, unknown>) => void;

describe("auditEntrySchema (smith.audit.policy)", () => {
  it("accepts a denial with its policy decision and security context", () => {
    const entry = auditEntrySchema.parse(parseLossless(AUDIT_ENTRY_RAW));
    expect(entry.policy_decisions).toEqual([
      {
        rule_name: "path_allowlist",
        decision: "deny",
        reason: "path /etc/shadow is outside the allowlist",
      },
    ]);
    expect(entry.security_context.sandbox_mode).toBe("full");
    expect(entry.security_context.user_ns).toBe(4026531837);
    expect(entry.security_context.allowlist_hits).toBeNull();
    expect(entry.timestamp_ns).toBe(1735689600200000000n);
  });

  it.each<[string, Edit, string]>([
    [
      "an unknown decision",
      (v) => (v.policy_decisions = [{ rule_name: "r", decision: "maybe", reason: "" }]),
      'policy_decisions[0].decision: expected one of "allow", "deny", "transform", got "maybe"',
    ],
    [
      "an unknown sandbox mode",
      (v) => (child(v, "security_context").sandbox_mode = "partial"),
      'security_context.sandbox_mode: expected one of "full", "demo", "unsafe", got "partial"',
    ],
    [
      "landlock_enabled as a string",
      (v) => (child(v, "security_context").landlock_enabled = "yes"),
      "security_context.landlock_enabled: expected boolean, got string",
    ],
    [
      "a namespace id above u32",
      (v) => (child(v, "security_context").net_ns = 4294967296),
      "security_context.net_ns: expected an integer from 0 to 4294967295, got 4294967296",
    ],
    [
      "policy_decisions missing",
      (v) => delete v.policy_decisions,
      "policy_decisions: missing, expected array",
    ],
  ])("rejects %s", (_name, edit, reason) => {
    const result = validate(auditEntrySchema, parseLossless(mutate(AUDIT_ENTRY_RAW, edit)));
    expect(!result.ok && result.reason).toBe(reason);
  });
});

describe("auditEventSchema (smith.audit.execution / security)", () => {
  it("accepts an event with resource usage and allowlist hits, u64 counters exact", () => {
    const event = auditEventSchema.parse(parseLossless(AUDIT_EVENT_RAW));
    expect(event.resource_usage?.network_rx_bytes).toBe(18446744073709551615n);
    expect(event.resource_usage?.disk_read_bytes).toBe(4096n);
    expect(event.security_context.allowlist_hits?.[0]?.timestamp_ns).toBe(1735689601457000000n);
    expect(event.policy_decisions.map((d) => d.decision)).toEqual(["allow", "transform"]);
  });

  it.each([
    ["an audit entry (resource_usage absent)", AUDIT_ENTRY_RAW],
    ["resource_usage null", mutate(AUDIT_EVENT_RAW, (v) => (v.resource_usage = null))],
  ])("accepts %s", (_name, raw) => {
    expect(auditEventSchema.safeParse(parseLossless(raw)).success).toBe(true);
  });

  it("rejects a byte counter above u64", () => {
    const raw = mutate(
      AUDIT_EVENT_RAW,
      (v) => (child(v, "resource_usage").disk_write_bytes = 18446744073709551616n),
    );
    const result = validate(auditEventSchema, parseLossless(raw));
    expect(!result.ok && result.reason).toBe(
      "resource_usage.disk_write_bytes: expected an integer from 0 to 2^64-1, got 18446744073709551616",
    );
  });

  it("rejects resource usage with a negative fd count", () => {
    const usage = {
      peak_memory_kb: 1,
      cpu_time_ms: 1,
      wall_time_ms: 1,
      fd_count: -3,
      disk_read_bytes: 0,
      disk_write_bytes: 0,
      network_tx_bytes: 0,
      network_rx_bytes: 0,
    };
    expect(resourceUsageSchema.safeParse(usage).success).toBe(false);
  });
});

describe("policyDecisionSchema", () => {
  it("keeps extra fields", () => {
    expect(
      policyDecisionSchema.parse({
        rule_name: "r",
        decision: "allow",
        reason: "ok",
        policy_version: 3,
      }),
    ).toHaveProperty("policy_version", 3);
  });
});

describe("executionLimitsSchema", () => {
  it("fills Smith's defaults", () => {
    expect(executionLimitsSchema.parse({})).toEqual({
      cpu_ms_per_100ms: 50,
      mem_bytes: 134217728n,
      io_bytes: 10485760n,
      pids_max: 10,
      timeout_ms: 30000n,
    });
  });
  it("keeps given values", () => {
    expect(executionLimitsSchema.parse({ cpu_ms_per_100ms: 25, mem_bytes: 1 }).mem_bytes).toBe(1n);
  });
  it("rejects wrong types", () => {
    expect(validate(executionLimitsSchema, { pids_max: "10" })).toMatchObject({
      ok: false,
      reason: "pids_max: expected an integer, got string",
    });
  });
});

describe("executorAuditRecordSchema (on-disk JSONL)", () => {
  it("accepts a record line", () => {
    const record = executorAuditRecordSchema.parse(parseLossless(EXECUTOR_AUDIT_RECORD_RAW));
    expect(record.decision.limits.mem_bytes).toBe(134217728n);
    expect(record.result?.exit_code).toBe(0);
    expect(record.actor.jwt_subject).toBeNull();
  });

  it.each([
    [
      "a denial before execution",
      mutate(
        EXECUTOR_AUDIT_RECORD_RAW,
        (v) => (
          (v.result = null),
          (child(v, "decision").allow = false),
          (child(v, "decision").code = "POLICY_DENIED")
        ),
      ),
    ],
  ])("accepts %s", (_name, raw) => {
    expect(executorAuditRecordSchema.safeParse(parseLossless(raw)).success).toBe(true);
  });

  it("does not fill in missing limits", () => {
    const raw = mutate(
      EXECUTOR_AUDIT_RECORD_RAW,
      (v) => delete child(child(v, "decision"), "limits").pids_max,
    );
    const result = validate(executorAuditRecordSchema, parseLossless(raw));
    expect(!result.ok && result.reason).toBe(
      "decision.limits.pids_max: missing, expected an integer",
    );
  });
});
