import { describe, expect, it } from "vitest";
import {
  decodeMessage,
  intentIdFromSubject,
  pilotIdFromSubject,
  routeSubject,
  sessionIdFromSubject,
  taskIdFromSubject,
} from "./subjects";
import {
  AUDIT_ENTRY_RAW,
  AUDIT_EVENT_RAW,
  BENCHMARK_RAW,
  EVENT_SAMPLES,
  GRAPH_DELTA_RAW,
  INTENT_ID,
  INTENT_ID_2,
  INTENT_RAW,
  NODE_RESULT_RAW,
  NODE_TASK_RAW,
  RESULT_OK_RAW,
  SESSION_ID,
  TASK_FEATURES_RAW,
  POLICY_REMOVE_RAW,
  POLICY_RESET_RAW,
  POLICY_UPSERT_RAW,
  TASK_REPLY_RAW,
} from "./test-fixtures";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("routeSubject", () => {
  it.each([
    [
      "smith.intents.vetted.fs.read.v1",
      { kind: "intent", stage: "vetted", subjectTail: "fs.read.v1" },
    ],
    [
      "smith.intents.raw.shell.exec.v1",
      { kind: "intent", stage: "raw", subjectTail: "shell.exec.v1" },
    ],
    [
      "smith.intents.quarantine.http.fetch.v1",
      { kind: "intent", stage: "quarantine", subjectTail: "http.fetch.v1" },
    ],
    [
      "smith.intents.http.fetch.v1.web",
      { kind: "intent", stage: "direct", subjectTail: "http.fetch.v1.web" },
    ],
    ["smith.intents.quarantine", { kind: "intent", stage: "quarantine", subjectTail: "" }],
    [`smith.results.${INTENT_ID}`, { kind: "intent-result", intentId: INTENT_ID }],
    [
      `smith.audit.execution.${INTENT_ID}`,
      { kind: "audit-event", channel: "execution", intentId: INTENT_ID },
    ],
    [`smith.audit.policy.${INTENT_ID}`, { kind: "audit-entry", intentId: INTENT_ID }],
    [
      "smith.audit.security.sandbox_violation",
      { kind: "audit-event", channel: "security", securityType: "sandbox_violation" },
    ],
    [`smith.events.graph.${SESSION_ID}`, { kind: "graph-delta", sessionId: SESSION_ID }],
    [
      "smith.events.executor.lifecycle.exec-1",
      { kind: "event", category: "executor", rest: "lifecycle.exec-1" },
    ],
    ["smith.events.health.executor", { kind: "event", category: "health", rest: "executor" }],
    ["smith.benchmark.swe.run-1", { kind: "benchmark-event", benchmarkKind: "swe" }],
    ["smith.benchmark.task_features.task-001", { kind: "task-features", taskId: "task-001" }],
    ["smith.benchmark.task_features", { kind: "task-features", taskId: null }],
    ["smith.policies.updates", { kind: "policy-update" }],
    ["newt.replies.pilot-7.task-42", { kind: "task-reply", pilotId: "pilot-7", taskId: "task-42" }],
    ["skilllite.tasks.task-7f3a9c", { kind: "node-task", taskId: "task-7f3a9c" }],
    ["skilllite.results.task-7f3a9c", { kind: "node-result", taskId: "task-7f3a9c" }],
  ])("%s", (subject, route) => {
    expect(routeSubject(subject)).toEqual(route);
  });

  it.each([
    "smith.intents.vetted",
    "smith.results",
    "smith.results.a.b",
    "smith.audit.other.x",
    "smith.events.health",
    "smith.logs.executor.x",
    "smith.benchmark",
    "newt.replies.pilot-7",
    "skilllite.tasks",
    "skilllite.other.x",
    "smith..results",
    "smith.results.*",
    "",
    "unrelated.subject",
  ])("has no route for %j", (subject) => {
    expect(routeSubject(subject)).toBeNull();
  });

  it("extracts subject tokens", () => {
    expect(sessionIdFromSubject(`smith.events.graph.${SESSION_ID}`)).toBe(SESSION_ID);
    expect(sessionIdFromSubject("smith.events.health.x")).toBeNull();
    expect(intentIdFromSubject(`smith.results.${INTENT_ID}`)).toBe(INTENT_ID);
    expect(intentIdFromSubject(`smith.audit.policy.${INTENT_ID}`)).toBe(INTENT_ID);
    expect(intentIdFromSubject(`smith.audit.execution.${INTENT_ID}`)).toBe(INTENT_ID);
    expect(intentIdFromSubject("smith.audit.security.x")).toBeNull();
    expect(taskIdFromSubject("newt.replies.p.t")).toBe("t");
    expect(taskIdFromSubject("skilllite.results.t2")).toBe("t2");
    expect(pilotIdFromSubject("newt.replies.p.t")).toBe("p");
    expect(pilotIdFromSubject("skilllite.results.t2")).toBeNull();
  });
});

describe("decodeMessage", () => {
  it.each([
    ["smith.intents.vetted.fs.read.v1", "intent", INTENT_RAW],
    [`smith.results.${INTENT_ID_2}`, "intent-result", RESULT_OK_RAW],
    [`smith.audit.execution.${INTENT_ID_2}`, "audit-event", AUDIT_EVENT_RAW],
    [`smith.audit.policy.${INTENT_ID}`, "audit-entry", AUDIT_ENTRY_RAW],
    ["smith.audit.security.sandbox_violation", "audit-event", AUDIT_EVENT_RAW],
    [`smith.events.graph.${SESSION_ID}`, "graph-delta", GRAPH_DELTA_RAW],
    ["smith.events.executor.lifecycle.exec-1", "event", EVENT_SAMPLES.StateChange ?? ""],
    ["smith.benchmark.swe.run-1", "benchmark-event", BENCHMARK_RAW],
    ["smith.benchmark.task_features.task-001", "task-features", TASK_FEATURES_RAW],
    ["smith.policies.updates", "policy-update", POLICY_UPSERT_RAW],
    ["smith.policies.updates", "policy-update", POLICY_REMOVE_RAW],
    ["smith.policies.updates", "policy-update", POLICY_RESET_RAW],
    ["smith.policies.updates", "policy-update", '{"action":"reset","capability":"shell.exec.v1"}'],
    ["smith.policies.updates", "policy-update", '{"action":"upsert","policy":{"policy_id":"p","version":1,"capability":"fs.read.v1","entrypoint":"data.smith.allow","module":""}}'],
    ["newt.replies.pilot-7.task-42", "task-reply", TASK_REPLY_RAW],
    ["skilllite.tasks.task-7f3a9c", "node-task", NODE_TASK_RAW],
    ["skilllite.results.task-7f3a9c", "node-result", NODE_RESULT_RAW],
  ])("decodes %s as %s, from bytes and from text", (subject, kind, raw) => {
    for (const payload of [utf8(raw), raw]) {
      const decoded = decodeMessage(subject, payload);
      expect(decoded).toMatchObject({ ok: true, kind, raw });
    }
  });

  it("attributes an intent on Intent::subject()'s smith.intents.<cap>.<domain> to the payload's capability", () => {
    const decoded = decodeMessage("smith.intents.fs.read.v1.production", utf8(INTENT_RAW));
    if (!decoded.ok || decoded.kind !== "intent") throw new Error("not an intent");
    expect(decoded.value.capability).toBe("fs.read.v1");
    expect(decoded.value.domain).toBe("production");
  });

  it("accepts an intent on the subject builder's bare smith.intents.quarantine", () => {
    expect(decodeMessage("smith.intents.quarantine", utf8(INTENT_RAW))).toMatchObject({ ok: true, kind: "intent" });
    expect(routeSubject("smith.intents.raw")).toBeNull();
  });

  it("types the value by kind and keeps big integers exact", () => {
    const decoded = decodeMessage("smith.intents.vetted.fs.read.v1", utf8(INTENT_RAW));
    if (!decoded.ok || decoded.kind !== "intent") throw new Error("not an intent");
    expect(decoded.value.created_at_ns).toBe(1735689600123456789n);
  });

  it("refuses a non-GraphDelta event on a graph subject", () => {
    expect(decodeMessage(`smith.events.graph.${SESSION_ID}`, EVENT_SAMPLES.Log ?? "")).toEqual({
      ok: false,
      kind: "graph-delta",
      reason: 'type: expected "GraphDelta"; got "Log"',
      raw: EVENT_SAMPLES.Log,
    });
  });

  it("quarantines a policy update with an unknown action, naming the ones Smith knows", () => {
    const decoded = decodeMessage("smith.policies.updates", '{"action":"delete","policy_id":"p"}');
    expect(decoded).toMatchObject({ ok: false, kind: "policy-update" });
    expect(!decoded.ok && decoded.reason).toContain('"upsert", "remove", "reset"');
  });

  it("reports malformed JSON with its position", () => {
    const decoded = decodeMessage(`smith.results.${INTENT_ID}`, utf8('{"intent_id":}'));
    expect(decoded).toEqual({
      ok: false,
      kind: "intent-result",
      reason: "malformed JSON: Object value expected after ':' at position 13",
      raw: '{"intent_id":}',
    });
  });

  it("reports a wrong type with the field's path", () => {
    const raw = RESULT_OK_RAW.replace(
      '"started_at_ns":1735689601456000000',
      '"started_at_ns":"1735689601456000000"',
    );
    expect(decodeMessage(`smith.results.${INTENT_ID_2}`, raw)).toMatchObject({
      ok: false,
      kind: "intent-result",
      reason: "started_at_ns: expected an integer, got string",
    });
  });

  it("reports an unknown subject without a kind, keeping the raw text", () => {
    expect(decodeMessage("smith.logs.executor.info", utf8('{"a":1}'))).toEqual({
      ok: false,
      kind: null,
      reason: 'no known message kind for subject "smith.logs.executor.info"',
      raw: '{"a":1}',
    });
  });

  it("reports invalid UTF-8 and shows what it can", () => {
    const bytes = new Uint8Array([...utf8('{"model_id":"'), 0xff, 0xfe, ...utf8('"}')]);
    expect(decodeMessage("newt.replies.p.t", bytes)).toEqual({
      ok: false,
      kind: "task-reply",
      reason: "payload is not valid UTF-8",
      raw: '{"model_id":"\uFFFD\uFFFD"}',
    });
  });

  it.each([
    ["an empty payload", new Uint8Array(), "payload is empty"],
    [
      "a byte-order mark",
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(NODE_TASK_RAW)]),
      "malformed JSON",
    ],
    ["deep nesting", utf8("[".repeat(100000)), "malformed JSON: nesting too deep"],
    ["a JSON array", utf8("[]"), "(root): expected object, got array"],
    ["duplicate keys", utf8('{"id":"a","id":"b"}'), "malformed JSON: Duplicate key 'id'"],
  ])("never throws on %s", (_name, payload, reason) => {
    const decoded = decodeMessage("skilllite.tasks.t", payload);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toContain(reason);
  });
});
