import { describe, expect, it } from "vitest";
import { bySubject, json } from "./stream-fixture";

describe("createDemoGenerator: planner workflows", () => {
  const events = bySubject("smith.planner_exec.events").map((m) => json(m));
  const tagged = (tag: string) => events.filter((e) => tag in e).map((e) => e[tag] as Record<string, unknown>);

  it("starts several workflows early, each with its own update stream", () => {
    const started = tagged("WorkflowStarted");
    expect(started.length).toBeGreaterThanOrEqual(3);
    for (const s of started) expect(bySubject(`smith.planner_exec.streams.${String(s.session_id)}`).length).toBeGreaterThan(2);
  });

  it("has a workflow that fails at an action, and one that completes", () => {
    const failedActions = tagged("ActionExecuted").filter((a) => (a.result as { status: string }).status === "failed");
    const failedSessions = new Set(tagged("WorkflowFailed").map((f) => f.session_id));
    expect(failedActions.some((a) => failedSessions.has(a.session_id))).toBe(true);
    expect(tagged("WorkflowCompleted").length).toBeGreaterThan(0);
  });
});
