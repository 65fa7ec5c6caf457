import { plannerWorkflowMessages, type PlannerStep } from "../planner-workflow";
import { epochMsAt, type DemoContext } from "./context";
import { uuidV4 } from "./ids";
import type { Prng } from "./prng";
import type { Emit } from "./types";

/**
 * A planner workflow as agentd's planner API publishes it: `APIEvent`s on
 * `smith.planner_exec.events` and `WorkflowUpdate`s on `smith.planner_exec.streams.<id>`
 * (agentd publishes no GraphDelta; these are its real execution graphs). Workflow 1 of
 * every demo fails at an action, so that a failed workflow is on screen early.
 */

const GOALS = [
  "Summarise open incidents for the on-call handover",
  "Bump the base image and rebuild the staging services",
  "Collect flaky test candidates from the last 50 CI runs",
  "Draft release notes for payments-api 2.14",
  "Check disk usage on the build fleet and prune caches",
];
const FAILURES = [
  { code: "EXECUTION_ERROR", message: "command exited with status 2" },
  { code: "POLICY_DENIED", message: "http.fetch.v1 to an unlisted host" },
  { code: "TIMEOUT", message: "Operation timed out" },
];

export function plannerFlow(ctx: DemoContext, prng: Prng, emit: Emit, atMs: number, index: number): void {
  const count = prng.int(3, 7);
  const failAt = index === 1 ? 2 : prng.chance(0.25) ? prng.int(0, count - 1) : -1;
  const steps: PlannerStep[] = Array.from({ length: count }, (_, i) => ({
    actionId: uuidV4(prng),
    outcome: i === failAt ? "failed" : "completed",
    ms: prng.int(300, 4000),
    ...(i === failAt ? { error: prng.pick(FAILURES) } : { output: { exit_code: 0, stdout_bytes: prng.int(0, 20_000) } }),
  }));
  const messages = plannerWorkflowMessages({
    sessionId: uuidV4(prng),
    workflowType: prng.pick(["simple", "research_and_planning", "complex_orchestration"] as const),
    goal: prng.pick(GOALS),
    startMs: epochMsAt(ctx, atMs),
    steps,
    executorId: prng.pick(["exec-planner-01", "exec-planner-02"]),
  });
  for (const m of messages) emit({ subject: m.subject, payload: m.payload, atMs: atMs + m.atMs });
}
