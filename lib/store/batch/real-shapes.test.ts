import { afterEach, describe, expect, it } from "vitest";
import {
  INTENT_ID,
  INTENT_RAW,
  NODE_TASK_RAW,
  RPC_DONE,
  RPC_UUID,
  SWARM_DONE,
  SWARM_EXECUTING,
  SWARM_NO_MATCH,
  SWARM_RECEIVED,
  TASK_FEATURES_RAW,
  POLICY_REMOVE_RAW,
  POLICY_RESET_RAW,
  POLICY_UPSERT_RAW,
} from "@/lib/protocol/test-fixtures";
import { policyChangesSchema } from "@/lib/contract/policies";
import { handlePolicyChanges } from "@/lib/api/agents";
import { StreamSequencer, tempStore, type TempStore } from "@/lib/testing/store-fixtures";

// Shapes that real producers emit on subjects of their own making (PROTOCOL.md, issue 16
// item 7): each is indexed as what it carries, never quarantined.

let open: TempStore[] = [];
afterEach(() => {
  for (const t of open) t.cleanup();
  open = [];
});
function fresh(): TempStore {
  const t = tempStore();
  open.push(t);
  return t;
}

describe("intents on Smith's own subjects", () => {
  it("files an intent on smith.intents.<cap>.<domain> under the payload's capability", () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const r = t.store.applyBatch([seq.raw("smith.intents.fs.read.v1.production", INTENT_RAW, "INTENTS")]);
    expect(r.quarantined).toBe(0);
    const page = t.store.listIntents({ capability: "fs.read.v1", limit: 10 });
    expect(page.items.map((i) => [i.id, i.capability, i.domain])).toEqual([[INTENT_ID, "fs.read.v1", "production"]]);
    expect(t.store.listIntents({ capability: "fs.read.v1.production", limit: 10 }).items).toEqual([]);
  });

  it("indexes an intent on the bare smith.intents.quarantine subject as quarantined", () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const r = t.store.applyBatch([seq.raw("smith.intents.quarantine", INTENT_RAW, "INTENTS")]);
    expect(r.quarantined).toBe(0);
    expect(t.store.listQuarantine({ limit: 10 }).items).toEqual([]);
    expect(t.store.listIntents({ limit: 10 }).items.map((i) => [i.id, i.stage])).toEqual([[INTENT_ID, "quarantine"]]);
  });
});

describe("SkillLite results as its transports write them", () => {
  it("files the agent RPC's done event under the subject's task, with every figure kept", () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const r = t.store.applyBatch([seq.raw("skilllite.tasks.task-7f3a9c", NODE_TASK_RAW), seq.raw("skilllite.results.task-7f3a9c", RPC_DONE)]);
    expect(r).toMatchObject({ applied: 2, quarantined: 0 });
    const task = t.store.skillLiteTask("task-7f3a9c");
    expect(task?.result).toEqual({
      via: "agent-rpc",
      payloadTaskId: RPC_UUID,
      taskCompleted: true,
      toolCalls: 3,
      completionType: "partial_success",
      llmUsage: { promptTokens: 1200, completionTokens: 80, totalTokens: 1280, responsesWithUsage: 2, responsesWithoutUsage: 1 },
      wikiUpdateSuggestion: expect.stringContaining('"trigger":"consecutive_tool_failures"'),
    });
    expect(task?.resultRaw).toBe(RPC_DONE);
    expect(t.store.skillLiteSummary().byCompletion.partial).toBe(1);
  });

  it("keeps the swarm's progress lines as the task's events and its done line as the result", () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const subject = "skilllite.results.task-7f3a9c";
    const r = t.store.applyBatch([SWARM_RECEIVED, SWARM_EXECUTING, SWARM_DONE].map((raw) => seq.raw(subject, raw)));
    expect(r).toMatchObject({ applied: 3, quarantined: 0 });
    const task = t.store.skillLiteTask("task-7f3a9c");
    expect(task?.events.map((e) => e.event)).toEqual(["received", "executing"]);
    expect(task?.result).toMatchObject({ via: "swarm-stream", toolCalls: 2, completionType: null });
  });

  it("shows a swarm error body as the task's failure, not a quarantined message", () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const r = t.store.applyBatch([seq.raw("skilllite.tasks.task-7f3a9c", NODE_TASK_RAW), seq.raw("skilllite.results.task-7f3a9c", SWARM_NO_MATCH)]);
    expect(r).toMatchObject({ applied: 2, quarantined: 0 });
    const task = t.store.skillLiteTask("task-7f3a9c");
    expect(task?.result).toBeNull();
    expect(task?.events).toMatchObject([{ via: "swarm", event: "error", code: "no_match", message: "No local or peer node has required capabilities" }]);
    const summary = t.store.skillLiteSummary();
    expect(summary.byCompletion).toMatchObject({ failed: 1, pending: 0 });
    expect(summary.recentTasks.map((x) => [x.id, x.completion])).toEqual([["task-7f3a9c", "failed"]]);
  });
});

describe("benchmark task features", () => {
  it("indexes smith.benchmark.task_features.<task_id> as TaskFeatures, not a quarantined BenchmarkEvent", () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const r = t.store.applyBatch([seq.raw("smith.benchmark.task_features.task-001", TASK_FEATURES_RAW)]);
    expect(r).toMatchObject({ applied: 1, quarantined: 0 });
    expect(t.store.listQuarantine({ limit: 10 }).items).toEqual([]);
    expect(t.store.tableCounts().benchmark_task_features).toBe(1);
  });
});

describe("the policy change log", () => {
  it("keeps every smith.policies.updates message and lists them newest first through the API", async () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const records = [POLICY_UPSERT_RAW, POLICY_REMOVE_RAW, POLICY_RESET_RAW].map((raw) => seq.raw("smith.policies.updates", raw, "SMITH_POLICIES"));
    expect(t.store.applyBatch(records)).toMatchObject({ applied: 3, quarantined: 0 });
    const res = handlePolicyChanges(() => t.store, new URL("http://pilot/api/policies?limit=10"));
    expect(res.status).toBe(200);
    const body = policyChangesSchema.parse(await res.json());
    expect(body.items.map((c) => [c.action, c.policyId, c.capability, c.version, c.priority])).toEqual([
      ["reset", null, null, null, null],
      ["remove", "fs-read-allowlist", null, null, null],
      ["upsert", "fs-read-allowlist", "fs.read.v1", "3", 10],
    ]);
    expect(body.items[2]?.raw).toBe(POLICY_UPSERT_RAW);
    expect(body.seq.SMITH_POLICIES).toBe(3);
  });
});
