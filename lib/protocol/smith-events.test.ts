import { describe, expect, it } from "vitest";
import { validate } from "./issues";
import { parseLossless } from "./json";
import { benchmarkEventSchema, benchmarkEventTypeName } from "./smith-benchmark";
import { graphDeltaEventSchema, smithEventSchema } from "./smith-events";
import { graphEdgeSchema, graphNodeSchema, nodeIntentId, pilotNodeStatus } from "./smith-graph";
import {
  BENCHMARK_RAW,
  child,
  EVENT_SAMPLES,
  GRAPH_DELTA_RAW,
  INTENT_ID,
  mutate,
  NODE_A,
} from "./test-fixtures";

type Edit = (value: Record<string, unknown>) => void;

describe("smithEventSchema", () => {
  it.each(Object.entries(EVENT_SAMPLES))("accepts a %s event", (_name, raw) => {
    const result = validate(smithEventSchema, parseLossless(raw));
    expect(result).toMatchObject({ ok: true });
  });

  it("types each variant's data", () => {
    const event = smithEventSchema.parse(parseLossless(EVENT_SAMPLES.Log ?? ""));
    expect(event.type).toBe("Log");
    if (event.type !== "Log") return;
    expect(event.data.level).toBe("Warn");
    expect(event.data.timestamp).toBe(1735689600124n);
  });

  it("reads a hook's Block reason", () => {
    const event = smithEventSchema.parse(parseLossless(EVENT_SAMPLES.HookResultBlock ?? ""));
    if (event.type !== "HookResult" || event.data.action.type !== "Block")
      throw new Error("wrong variant");
    expect(event.data.action.data.reason).toBe("rm -rf is not allowed");
  });

  it.each<[string, string, Edit, string]>([
    [
      "an unknown variant",
      "Ready",
      (v) => (v.type = "Heartbeat"),
      'type: expected one of "Ready", "StateChange", "Log", "TokenUsage", "ShellOutput", "ToolResult", "HookResult", "GraphDelta", "Error"; got "Heartbeat"',
    ],
    [
      "a lowercase log level",
      "Log",
      (v) => (child(v, "data").level = "warn"),
      'data.level: expected one of "Trace", "Debug", "Info", "Warn", "Error", got "warn"',
    ],
    [
      "an unknown service state",
      "StateChange",
      (v) => (child(v, "data").state = "Paused"),
      'data.state: expected one of "Starting", "Ready", "Processing", "Error", "Shutting", got "Paused"',
    ],
    [
      "a non-UUID request id",
      "TokenUsage",
      (v) => (child(v, "data").request_id = "req-1"),
      "data.request_id: expected a lowercase hyphenated UUID",
    ],
    [
      "finished missing",
      "ShellOutput",
      (v) => delete child(v, "data").finished,
      "data.finished: missing, expected boolean",
    ],
    ["missing data", "Error", (v) => delete v.data, "data: missing, expected object"],
    [
      "an unknown hook action",
      "HookResultAllow",
      (v) => (child(child(v, "data"), "action").type = "Defer"),
      'data.action.type: expected one of "Allow", "Block", "Transform"; got "Defer"',
    ],
    [
      "exit code beyond i32",
      "ShellOutput",
      (v) => (child(v, "data").exit_code = 2147483648),
      "data.exit_code: expected an integer from -2147483648 to 2147483647, got 2147483648",
    ],
  ])("rejects %s", (_name, sample, edit, reason) => {
    const result = validate(
      smithEventSchema,
      parseLossless(mutate(EVENT_SAMPLES[sample] ?? "", edit)),
    );
    expect(!result.ok && result.reason).toBe(reason);
  });
});

describe("GraphDelta", () => {
  it("carries nodes with Pilot's status convention", () => {
    const event = graphDeltaEventSchema.parse(parseLossless(GRAPH_DELTA_RAW));
    const [first, second] = event.data.nodes_added;
    expect(first && pilotNodeStatus(first)).toBe("ok");
    expect(first && nodeIntentId(first)).toBe(INTENT_ID);
    expect(second?.metadata.host).toBe("runner-3");
    expect(event.data.edges_added[0]?.from).toBe(NODE_A);
    expect(event.data.edges_added[0]?.label).toBeNull();
  });

  it("returns null for an unknown status", () => {
    expect(pilotNodeStatus({ metadata: { status: "exploded" } })).toBeNull();
    expect(pilotNodeStatus({ metadata: {} })).toBeNull();
  });

  it.each<[string, Edit, string]>([
    ["another event type", (v) => (v.type = "Log"), 'type: expected "GraphDelta", got "Log"'],
    [
      "a non-string metadata value",
      (v) =>
        (child(v, "data").nodes_added = [
          { id: NODE_A, label: "a", node_type: "t", metadata: { retries: 3 } },
        ]),
      "data.nodes_added[0].metadata.retries: expected string, got number",
    ],
    [
      "a removed id that is not a UUID",
      (v) => (child(v, "data").nodes_removed = ["node-1"]),
      "data.nodes_removed[0]: expected a lowercase hyphenated UUID",
    ],
  ])("rejects %s", (_name, edit, reason) => {
    const result = validate(graphDeltaEventSchema, parseLossless(mutate(GRAPH_DELTA_RAW, edit)));
    expect(!result.ok && result.reason).toBe(reason);
  });

  it("validates nodes and edges on their own", () => {
    expect(
      graphNodeSchema.safeParse({ id: NODE_A, label: "x", node_type: "tool", metadata: {} })
        .success,
    ).toBe(true);
    expect(
      graphEdgeSchema.safeParse({ id: NODE_A, from: NODE_A, to: NODE_A, edge_type: "data" })
        .success,
    ).toBe(true);
    expect(graphEdgeSchema.safeParse({ id: NODE_A, from: NODE_A, edge_type: "data" }).success).toBe(
      false,
    );
  });
});

describe("benchmarkEventSchema", () => {
  it("accepts a RunStart event with a u64::MAX seed", () => {
    const event = benchmarkEventSchema.parse(parseLossless(BENCHMARK_RAW));
    expect(event.seed).toBe(18446744073709551615n);
    expect(benchmarkEventTypeName(event.event_type)).toBe("RunStart");
    expect(event.event_type).toEqual({ RunStart: { model: "qwen2.5-coder:32b" } });
  });

  it.each(["RunStop", "Step", "ToolCall", "ContextDecision", "Failure", "OptimizerUpdate"])(
    "accepts %s, tagged and bare",
    (name) => {
      const tagged = mutate(BENCHMARK_RAW, (v) => (v.event_type = { [name]: { step: 3 } }));
      const bare = mutate(BENCHMARK_RAW, (v) => (v.event_type = name));
      expect(
        benchmarkEventTypeName(benchmarkEventSchema.parse(parseLossless(tagged)).event_type),
      ).toBe(name);
      expect(
        benchmarkEventTypeName(benchmarkEventSchema.parse(parseLossless(bare)).event_type),
      ).toBe(name);
    },
  );

  it.each<[string, Edit]>([
    ["an unknown event type", (v) => (v.event_type = { Pause: {} })],
    ["two tags at once", (v) => (v.event_type = { RunStart: {}, RunStop: {} })],
    ["an empty tag object", (v) => (v.event_type = {})],
    ["a negative seed", (v) => (v.seed = -1)],
    ["a non-RFC 3339 ts", (v) => (v.ts = "yesterday")],
    ["a non-UUID run id", (v) => (v.run_id = "run-1")],
  ])("rejects %s", (_name, edit) => {
    const result = validate(benchmarkEventSchema, parseLossless(mutate(BENCHMARK_RAW, edit)));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^(event_type|seed|ts|run_id)/);
  });
});
