import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionNodeId, workflowNodeId } from "@/lib/protocol/planner-delta";
import { applyPlannerMessages } from "@/lib/graph/planner-live";
import { plannerWorkflowMessages, type PlannerStep } from "@/lib/testing/planner-workflow";
import { StreamSequencer, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import type { IngestRecord } from "../core/types";

// Planner workflows as agentd publishes them, indexed as sessions beside GraphDelta ones.
const FAILED = "7a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
const DONE = "wf-done-session";
const RUNNING = "8b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d3e";
const GRAPH = "5e551011-0000-4000-8000-000000000002";
const START = Date.UTC(2025, 5, 1, 9, 0, 0);

const steps = (n: number, failAt?: number): PlannerStep[] =>
  Array.from({ length: n }, (_, i) => ({
    actionId: `step-${i + 1}`,
    outcome: i === failAt ? "failed" : "completed",
    ms: 50,
    ...(i === failAt ? { error: { code: "EXECUTION_ERROR", message: "tests failed" } } : {}),
  }));

let t: TempStore;
let records: IngestRecord[];
/** The seq at which the failing workflow's failing action was still running. */
let runningSeq = 0;

beforeAll(() => {
  t = tempStore();
  const seq = new StreamSequencer();
  const failed = plannerWorkflowMessages({ sessionId: FAILED, goal: "Fix flaky refund test", startMs: START, steps: steps(3, 1) });
  const done = plannerWorkflowMessages({ sessionId: DONE, goal: "Triage nightly CI failures", startMs: START, steps: steps(2) });
  const running = plannerWorkflowMessages({ sessionId: RUNNING, goal: "never finishes", startMs: START, steps: steps(2) }).slice(0, 6);
  // Interleaved as they would be on one stream, with a GraphDelta session in between.
  const all = [...failed, ...done, ...running].sort((a, b) => a.atMs - b.atMs);
  records = [];
  for (const m of all) {
    records.push(seq.raw(m.subject, m.payload));
    if (m.payload.includes('"action_id":"step-2","result":{"action_id":"step-2","status":"running"') && m.payload.includes(FAILED)) runningSeq = records.length;
  }
  const node = { id: "a0000000-0000-4000-8000-00000000000a", label: "Plan", node_type: "planner", metadata: { status: "ok" } };
  records.splice(3, 0, seq.raw(`smith.events.graph.${GRAPH}`, { type: "GraphDelta", data: { request_id: null, nodes_added: [node], edges_added: [], nodes_removed: [], edges_removed: [] } }));
  records.push(seq.raw("smith.planner_exec.events", '{"HealthCheck":{"component":"planner_exec_api","status":"Healthy"}}'));
  records.push(seq.raw("smith.planner_exec.events", `{"WorkflowFailed":{"session_id":"${FAILED}"}}`));
  // Small batches so that a session's events span several; the last batch delivered twice.
  for (let i = 0; i < records.length; i += 7) t.store.applyBatch(records.slice(i, i + 7));
  expect(t.store.applyBatch(records.slice(-7)).duplicates).toBe(7);
}, 60_000);
afterAll(() => t.cleanup());

describe("planner workflows in the index", () => {
  it("stores the planner subjects on a stream of Pilot's topology", () => {
    expect(new Set(records.filter((r) => r.subject.startsWith("smith.planner_exec.")).map((r) => r.stream))).toEqual(new Set(["SMITH_PLANNER"]));
  });

  it("lists each workflow as a session with its state, beside the GraphDelta session", () => {
    const items = t.store.listSessions({ limit: 10 }).items;
    const by = new Map(items.map((s) => [s.sessionId, s]));
    expect(by.get(FAILED)).toMatchObject({ source: "planner", state: "failed", stream: "SMITH_PLANNER", nodes: 3, edges: 2, statusCounts: { ok: 1, error: 2 } });
    expect(by.get(DONE)).toMatchObject({ source: "planner", state: "finished", title: "Planner workflow (simple)", nodes: 3, statusCounts: { ok: 3 } });
    expect(by.get(RUNNING)).toMatchObject({ source: "planner", state: "running" });
    expect(by.get(GRAPH)).toMatchObject({ source: "graph-delta", state: "finished" });
    expect(t.store.listSessions({ limit: 10, state: "failed" }).items.map((s) => s.sessionId)).toEqual([FAILED]);
  });

  it("shows the failure red at the action that failed, not past it", () => {
    const g = t.store.sessionGraph(FAILED);
    const status = (id: string) => g?.nodes.find((n) => n.id === id)?.status;
    expect(g?.source).toBe("planner");
    expect(status(workflowNodeId(FAILED))).toBe("error");
    expect(status(actionNodeId(FAILED, "step-1"))).toBe("ok");
    expect(status(actionNodeId(FAILED, "step-2"))).toBe("error");
    expect(status(actionNodeId(FAILED, "step-3"))).toBeUndefined();
    expect(g?.nodes.find((n) => n.id === actionNodeId(FAILED, "step-2"))?.metadata).toMatchObject({ error: "tests failed", error_code: "EXECUTION_ERROR" });
  });

  it("travels back in time: the failing action was running before it failed", () => {
    expect(runningSeq).toBeGreaterThan(0);
    const g = t.store.sessionGraph(FAILED, runningSeq);
    expect(g?.nodes.find((n) => n.id === actionNodeId(FAILED, "step-2"))?.status).toBe("running");
    expect(g?.nodes.find((n) => n.id === workflowNodeId(FAILED))?.status).toBe("running");
    const timeline = t.store.sessionTimeline(FAILED);
    expect(timeline?.seqs.length).toBeGreaterThan(8);
  });

  it("quarantines a planner event that breaks the shape, with the reason", () => {
    const q = t.store.listQuarantine({ limit: 10 }).items;
    expect(q.some((r) => r.subject === "smith.planner_exec.events" && /WorkflowFailed\.error/.test(r.reason))).toBe(true);
  });

  it("draws the same graph again from an empty index (reindex)", () => {
    const again = tempStore();
    try {
      for (let i = 0; i < records.length; i += 500) again.store.applyBatch(records.slice(i, i + 500));
      for (const id of [FAILED, DONE, RUNNING]) {
        const a = again.store.sessionGraph(id);
        const b = t.store.sessionGraph(id);
        expect(a?.nodes).toEqual(b?.nodes);
        expect(a?.edges).toEqual(b?.edges);
      }
    } finally {
      again.cleanup();
    }
  });

  it("grows live in the browser into the graph the index holds", () => {
    // The page's snapshot as of the running moment, then the stream after it, all sessions mixed.
    const partial = tempStore();
    try {
      partial.store.applyBatch(records.filter((r) => r.seq <= runningSeq));
      const snapshot = partial.store.sessionGraph(FAILED);
      if (!snapshot) throw new Error("no snapshot");
      const after = records.filter((r) => r.seq > runningSeq).map((r) => ({ seq: r.seq, subject: r.subject, data: r.payload, storedAtMs: 0 }));
      const live = applyPlannerMessages(snapshot, after);
      const full = t.store.sessionGraph(FAILED);
      const sorted = <T extends { id: string }>(xs: readonly T[] = []) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
      expect(sorted(live.graph.nodes)).toEqual(sorted(full?.nodes));
      expect(sorted(live.graph.edges)).toEqual(sorted(full?.edges));
      expect(live.times.map(([seq]) => seq)).toEqual(t.store.sessionTimeline(FAILED)?.seqs.filter((s) => s > runningSeq));
    } finally {
      partial.cleanup();
    }
  });
});
