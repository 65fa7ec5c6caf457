import { afterEach, describe, expect, it, vi } from "vitest";
import { plannerDelta, type PlannerMessage } from "@/lib/protocol/planner-delta";
import type { GraphNode } from "@/lib/protocol/smith-graph";
import { decodeMessage } from "@/lib/protocol/subjects";
import { publishPlannerWorkflow } from "./traffic";

afterEach(() => vi.useRealTimers());

async function published(n: number): Promise<{ subject: string; payload: string }[]> {
  vi.useFakeTimers();
  const out: { subject: string; payload: string }[] = [];
  const done = publishPlannerWorkflow({ publish: (subject, payload) => void out.push({ subject, payload: String(payload) }) }, "double-session", n);
  await vi.runAllTimersAsync();
  await done;
  return out;
}

describe("the Smith double's planner workflows", () => {
  it("publishes what Pilot accepts, and every third workflow fails at its second action", async () => {
    const nodes = new Map<string, GraphNode>();
    for (const m of await published(2)) {
      const d = decodeMessage(m.subject, m.payload);
      if (!d.ok || (d.kind !== "planner-event" && d.kind !== "workflow-update")) throw new Error(`${m.subject}: ${d.ok ? d.kind : d.reason}`);
      const message: PlannerMessage = d;
      for (const node of plannerDelta(message, [...nodes.values()])?.delta.nodes_added ?? []) nodes.set(node.id, node);
    }
    const byStep = new Map([...nodes.values()].map((n) => [n.metadata.step ?? "workflow", n.metadata.status]));
    expect(Object.fromEntries(byStep)).toEqual({ workflow: "error", "1": "ok", "2": "error" });
  });

  it("completes the others", async () => {
    const events = (await published(0)).filter((m) => m.subject === "smith.planner_exec.events");
    expect(events.at(-1)?.payload).toMatch(/^\{"WorkflowCompleted"/);
  });
});
