import { describe, expect, it } from "vitest";
import type { GraphEdge, GraphNode } from "@/lib/protocol/smith-graph";
import { decodeMessage } from "@/lib/protocol/subjects";
import { plannerWorkflowMessages, type PlannerStep } from "@/lib/testing/planner-workflow";
import { actionNodeId, plannerDelta, workflowNodeId, type PlannerMessage } from "./planner-delta";

const S = "0c3f6a1e-2b4d-4c5e-8f70-1a2b3c4d5e6f";
const START = Date.UTC(2025, 5, 1, 9, 0, 0);

function decoded(subject: string, payload: string): PlannerMessage {
  const d = decodeMessage(subject, payload);
  if (!d.ok) throw new Error(d.reason);
  if (d.kind === "planner-event" || d.kind === "workflow-update") return d;
  throw new Error(d.kind);
}

/** A graph as the index holds it: a node added again replaces the earlier one. */
class Graph {
  nodes = new Map<string, GraphNode>();
  edges = new Map<string, GraphEdge>();
  apply(m: PlannerMessage): void {
    const d = plannerDelta(m, [...this.nodes.values()]);
    if (!d) return;
    expect(d.sessionId).toBe(S);
    for (const n of d.delta.nodes_added) this.nodes.set(n.id, n);
    for (const e of d.delta.edges_added) this.edges.set(e.id, e);
  }
  status(label: RegExp): string | undefined {
    return [...this.nodes.values()].find((n) => label.test(n.label))?.metadata.status;
  }
  chain(): string[] {
    const labels = new Map([...this.nodes.values()].map((n) => [n.id, n.label]));
    return [...this.edges.values()].map((e) => `${labels.get(e.from)} -> ${labels.get(e.to)}`);
  }
}

const steps = (n: number, failAt?: number): PlannerStep[] =>
  Array.from({ length: n }, (_, i) => ({
    actionId: `act-${i + 1}`,
    outcome: i === failAt ? "failed" : "completed",
    ms: 100 * (i + 1),
    ...(i === failAt ? { error: { code: "EXECUTION_ERROR", message: "exit status 2" } } : {}),
  }));

const run = (spec: { steps: PlannerStep[] }) =>
  plannerWorkflowMessages({ sessionId: S, goal: "Fix flaky refund test", startMs: START, steps: spec.steps }).map((m) => decoded(m.subject, m.payload));

describe("plannerDelta", () => {
  it("draws a completed workflow: the workflow node, then its actions chained in execution order", () => {
    const g = new Graph();
    for (const m of run({ steps: steps(3) })) g.apply(m);
    expect(g.nodes.size).toBe(4);
    // The workflow node is labelled with the goal once the summary names it.
    expect(g.chain()).toEqual([
      "Fix flaky refund test -> step 1 · act-1",
      "step 1 · act-1 -> step 2 · act-2",
      "step 2 · act-2 -> step 3 · act-3",
    ]);
    const w = g.nodes.get(workflowNodeId(S));
    expect(w?.label).toBe("Fix flaky refund test");
    expect(w?.metadata).toMatchObject({ status: "ok", workflow_state: "completed", total_actions: "3", last_update: "ActionCompleted", workflow_duration_ms: "680" });
    // The workflow's own duration is not a step's: the critical path adds only the actions'.
    expect(w?.metadata.duration_ms).toBeUndefined();
    const a2 = g.nodes.get(actionNodeId(S, "act-2"));
    expect(a2?.metadata).toMatchObject({ status: "ok", action_status: "completed", step: "2", duration_ms: "200", executor_id: "exec-planner-01" });
  });

  it("shows the failure red at the action that failed, and the workflow failed with its reason", () => {
    const g = new Graph();
    for (const m of run({ steps: steps(4, 2) })) g.apply(m);
    expect(g.status(/act-1$/)).toBe("ok");
    expect(g.status(/act-2$/)).toBe("ok");
    expect(g.status(/act-3$/)).toBe("error");
    expect(g.nodes.get(actionNodeId(S, "act-3"))?.metadata).toMatchObject({ error_code: "EXECUTION_ERROR", error: "exit status 2" });
    // The workflow stopped there: no fourth action was drawn.
    expect(g.nodes.has(actionNodeId(S, "act-4"))).toBe(false);
    expect(g.nodes.get(workflowNodeId(S))?.metadata).toMatchObject({ status: "error", workflow_state: "Failed", error: "action act-3 failed: exit status 2" });
  });

  it("grows step by step: an action is running before it is done", () => {
    const g = new Graph();
    const messages = run({ steps: steps(2) });
    const firstRunning = messages.findIndex((m) => m.kind === "planner-event" && "ActionExecuted" in m.value);
    for (const m of messages.slice(0, firstRunning + 1)) g.apply(m);
    expect(g.status(/act-1$/)).toBe("running");
    expect(g.nodes.get(workflowNodeId(S))?.metadata).toMatchObject({ status: "running", workflow_state: "Executing" });
  });

  it("is idempotent: every message applied twice gives the same graph", () => {
    const once = new Graph();
    const twice = new Graph();
    for (const m of run({ steps: steps(4, 3) })) {
      once.apply(m);
      twice.apply(m);
      twice.apply(m);
    }
    expect([...twice.nodes.entries()].sort()).toEqual([...once.nodes.entries()].sort());
    expect([...twice.edges.keys()].sort()).toEqual([...once.edges.keys()].sort());
  });

  it("gives the same ids wherever it runs, and different sessions different ids", () => {
    expect(actionNodeId(S, "act-1")).toBe(actionNodeId(S, "act-1"));
    expect(actionNodeId(S, "act-1")).not.toBe(actionNodeId("other", "act-1"));
    expect(workflowNodeId(S)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("fails the action still running when the workflow fails without naming it", () => {
    const g = new Graph();
    const messages = run({ steps: steps(2) });
    const firstRunning = messages.findIndex((m) => m.kind === "planner-event" && "ActionExecuted" in m.value);
    for (const m of messages.slice(0, firstRunning + 1)) g.apply(m);
    g.apply(decoded("smith.planner_exec.events", `{"WorkflowFailed":{"session_id":"${S}","error":"executor lost"}}`));
    expect(g.status(/act-1$/)).toBe("error");
    expect(g.nodes.get(actionNodeId(S, "act-1"))?.metadata.error).toBe("workflow failed: executor lost");
  });

  it("roots a session it joins late, and ignores health checks", () => {
    const g = new Graph();
    const late = run({ steps: steps(2) }).filter((m) => m.kind === "planner-event" && "ActionExecuted" in m.value);
    for (const m of late) g.apply(m);
    expect(g.nodes.get(workflowNodeId(S))).toMatchObject({ label: "Planner workflow", metadata: { status: "running" } });
    expect(g.chain()).toEqual(["Planner workflow -> step 1 · act-1", "step 1 · act-1 -> step 2 · act-2"]);
    expect(plannerDelta(decoded("smith.planner_exec.events", `{"HealthCheck":{"component":"nats","status":"Healthy"}}`), [])).toBeNull();
  });

  it("keeps the workflow's other facts when an update or intervention arrives", () => {
    const g = new Graph();
    g.apply(decoded("smith.planner_exec.events", `{"WorkflowStarted":{"session_id":"${S}","workflow_type":"complex_orchestration"}}`));
    g.apply(decoded(`smith.planner_exec.streams.${S}`, `{"session_id":"${S}","timestamp":1748768400,"update_type":"UserRequired","payload":{"question":"deploy?"}}`));
    g.apply(decoded("smith.planner_exec.events", `{"UserIntervention":{"session_id":"${S}","intervention_type":"approve"}}`));
    g.apply(decoded("smith.planner_exec.events", `{"StateTransition":{"session_id":"${S}","from_state":{"state":"Executing"},"to_state":{"state":"Paused"}}}`));
    expect(g.nodes.get(workflowNodeId(S))?.metadata).toEqual({
      status: "pending",
      session_id: S,
      workflow_type: "complex_orchestration",
      workflow_state: "Paused",
      previous_state: "Executing",
      last_update: "UserRequired",
      last_update_at: "1748768400",
      last_update_payload: '{"question":"deploy?"}',
      intervention: "approve",
    });
  });

  it("draws a workflow from its summary alone, as agentd's stop_workflow publishes it", () => {
    // agentd emits WorkflowStarted, then WorkflowCompleted with the completed actions; a
    // stop before completion says `cancelled`.
    const done = run({ steps: steps(2) });
    const completed = done.at(-1);
    if (completed?.kind !== "planner-event" || !("WorkflowCompleted" in completed.value)) throw new Error("no summary");
    const summary = { ...completed.value.WorkflowCompleted.summary, status: "cancelled" as const, final_state: "executing" as const };
    const g = new Graph();
    g.apply(done[0] ?? completed);
    g.apply({ kind: "planner-event", value: { WorkflowCompleted: { session_id: S, summary } } });
    expect(g.chain()).toEqual(["Fix flaky refund test -> step 1 · act-1", "step 1 · act-1 -> step 2 · act-2"]);
    expect(g.nodes.get(workflowNodeId(S))?.metadata).toMatchObject({ status: "killed", workflow_state: "executing", workflow_type: "simple" });
    expect(g.status(/act-2$/)).toBe("ok");
  });
});
