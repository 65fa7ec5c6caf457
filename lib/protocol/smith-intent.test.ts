import { describe, expect, it } from "vitest";
import { validate } from "./issues";
import { parseLossless } from "./json";
import {
  capabilitySchema,
  intentExpiresAtNs,
  intentParamsSchemas,
  intentSchema,
  isKnownCapability,
  KNOWN_CAPABILITIES,
} from "./smith-intent";
import { child, INTENT_RAW, mutate, SHELL_INTENT_RAW } from "./test-fixtures";

function check(raw: string) {
  return validate(intentSchema, parseLossless(raw));
}

describe("intentSchema", () => {
  it("accepts a real fs.read intent with exact created_at_ns", () => {
    const result = check(INTENT_RAW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.created_at_ns).toBe(1735689600123456789n);
    expect(result.value.capability).toBe("fs.read.v1");
    expect(result.value.metadata).toEqual({
      agent: "planner-7",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(intentExpiresAtNs(result.value)).toBe(1735689630123456789n);
  });

  it.each([
    ["a shell.exec intent", SHELL_INTENT_RAW],
    ["an unknown future capability", mutate(INTENT_RAW, (v) => (v.capability = "gpu.run.v2"))],
    [
      "the test-only http_fetch capability",
      mutate(INTENT_RAW, (v) => (v.capability = "http_fetch")),
    ],
    ["an older non-UUID id", mutate(INTENT_RAW, (v) => (v.id = "intent-123"))],
    [
      "a signed intent",
      mutate(INTENT_RAW, (v) => ((v.signer = "Ag=="), (v.signature_b64 = "AQ=="))),
    ],
    ["params of any JSON type", mutate(INTENT_RAW, (v) => (v.params = null))],
  ])("accepts %s", (_name, raw) => {
    expect(check(raw).ok).toBe(true);
  });

  it("keeps unknown fields", () => {
    const result = check(mutate(INTENT_RAW, (v) => (v.priority = "high")));
    expect(result.ok && result.value.priority).toBe("high");
  });

  it.each([
    [
      "created_at_ns as a string",
      (v: Record<string, unknown>) => (v.created_at_ns = "1735689600123456789"),
      "created_at_ns: expected an integer, got string",
    ],
    [
      "a negative created_at_ns",
      (v: Record<string, unknown>) => (v.created_at_ns = -1),
      "created_at_ns: expected an integer from 0 to 2^128-1, got -1",
    ],
    [
      "ttl_ms above u32",
      (v: Record<string, unknown>) => (v.ttl_ms = 4294967296),
      "ttl_ms: expected an integer from 0 to 4294967295, got 4294967296",
    ],
    [
      "a numeric id",
      (v: Record<string, unknown>) => (v.id = 42),
      "id: expected string, got number",
    ],
    ["an empty id", (v: Record<string, unknown>) => (v.id = ""), "id: must not be empty"],
    [
      "a missing signature_b64",
      (v: Record<string, unknown>) => delete v.signature_b64,
      "signature_b64: missing, expected string",
    ],
    ["a missing params", (v: Record<string, unknown>) => delete v.params, "params: missing"],
    [
      "metadata as an array",
      (v: Record<string, unknown>) => (v.metadata = []),
      "metadata: expected object, got array",
    ],
    [
      "a capability of the wrong type",
      (v: Record<string, unknown>) => (v.capability = ["fs.read.v1"]),
      "capability: expected string, got array",
    ],
  ])("rejects %s", (_name, edit, reason) => {
    const result = check(mutate(INTENT_RAW, edit));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it("rejects a non-object payload", () => {
    const result = validate(intentSchema, parseLossless("[1,2]"));
    expect(!result.ok && result.reason).toBe("(root): expected object, got array");
  });
});

describe("capabilities", () => {
  it("lists the eight known capabilities", () => {
    expect(KNOWN_CAPABILITIES).toHaveLength(8);
    expect(isKnownCapability("shell.exec.v1")).toBe(true);
    expect(isKnownCapability("gpu.run.v2")).toBe(false);
    expect(capabilitySchema.parse("gpu.run.v2")).toBe("gpu.run.v2");
  });
});

describe("intent params", () => {
  it.each([
    ["fs.read.v1", { path: "/etc/hostname", max_bytes: 1024, follow_symlinks: null }],
    [
      "http.fetch.v1",
      {
        url: "https://example.com",
        method: "POST",
        headers: { "User-Agent": "Smith/1.0" },
        body: "{}",
        timeout_ms: 5000,
      },
    ],
    ["archive.read.v1", { path: "/tmp/a.tar", extract_content: false }],
    [
      "sqlite.query.v1",
      {
        database_path: "/data/app.db",
        query: "SELECT 1",
        params: [1, "a"],
        max_rows: 1000,
        timeout_ms: null,
      },
    ],
    [
      "bench.report.v1",
      {
        benchmark_name: "latency",
        metrics: { p50_ms: 12.5, p99_ms: 80 },
        metadata: null,
        retention_days: 30,
      },
    ],
    [
      "shell.exec.v1",
      {
        command: "ls",
        args: ["-la"],
        env: { LANG: "C" },
        cwd: "/srv",
        timeout_ms: 1000,
        stdin: null,
      },
    ],
  ] as const)("accepts %s params", (capability, params) => {
    expect(intentParamsSchemas[capability].safeParse(params).success).toBe(true);
  });

  it.each([
    ["fs.read.v1", {}, "path: missing, expected string"],
    [
      "bench.report.v1",
      { benchmark_name: "x", metrics: { p50: "fast" } },
      "metrics.p50: expected a finite number, got string",
    ],
    ["sqlite.query.v1", { database_path: "/d", query: 1 }, "query: expected string, got number"],
  ] as const)("rejects bad %s params", (capability, params, reason) => {
    const result = validate(intentParamsSchemas[capability], params);
    expect(!result.ok && result.reason).toBe(reason);
  });

  it("reads the shell.exec fixture's params", () => {
    const intent = intentSchema.parse(parseLossless(SHELL_INTENT_RAW));
    const params = intentParamsSchemas["shell.exec.v1"].parse(intent.params);
    expect(params.args).toEqual(["hello"]);
    expect(params.cwd).toBe("/srv/work");
  });

  it("validates nested params edits", () => {
    const raw = mutate(INTENT_RAW, (v) => (child(v, "params").max_bytes = "big"));
    const intent = intentSchema.parse(parseLossless(raw));
    const result = validate(intentParamsSchemas["fs.read.v1"], intent.params);
    expect(!result.ok && result.reason).toBe("max_bytes: expected an integer, got string");
  });
});
