/*
 * A planner workflow as agentd's planner API would publish it (api.rs, schemas.rs,
 * state_machine.rs): serde field order, `null` for None, chrono RFC 3339 times with
 * nanoseconds, `{"state":"Failed","data":"why"}` for the adjacently tagged state. Used by
 * the tests, the e2e spec and the demo publisher, so that all of them send real shapes.
 */

export interface PlannerStep {
  actionId: string;
  /** How the action ends. */
  outcome: "completed" | "failed";
  /** How long it runs, in milliseconds. */
  ms: number;
  output?: unknown;
  error?: { code: string; message: string };
}

export interface PlannerWorkflowSpec {
  sessionId: string;
  workflowType?: "simple" | "research_and_planning" | "complex_orchestration";
  goal: string;
  /** Epoch milliseconds of the first event. */
  startMs: number;
  steps: readonly PlannerStep[];
  executorId?: string;
}

export interface PlannerWireMessage {
  subject: string;
  /** Exact JSON text. */
  payload: string;
  /** Milliseconds after `startMs`. */
  atMs: number;
}

export const PLANNER_EVENTS_SUBJECT = "smith.planner_exec.events";

/** chrono's `DateTime<Utc>` serialization: RFC 3339, nanoseconds, `Z`. */
export function chronoTime(epochMs: number, nanosWithinMs = 0): string {
  const whole = Math.floor(epochMs);
  const iso = new Date(whole).toISOString().slice(0, 19);
  const frac = (whole % 1000) * 1_000_000 + nanosWithinMs;
  return `${iso}.${String(frac).padStart(9, "0")}Z`;
}

function actionResult(
  step: PlannerStep,
  status: "running" | "completed" | "failed",
  started: string,
  finished: string,
  executorId: string,
) {
  const done = status !== "running";
  return {
    action_id: step.actionId,
    status,
    output: done && status === "completed" ? (step.output ?? { ok: true }) : null,
    error:
      status === "failed"
        ? { code: step.error?.code ?? "EXECUTION_ERROR", message: step.error?.message ?? "action failed", details: null, retryable: false }
        : null,
    metadata: {
      retry_count: 0,
      resource_usage: { cpu_ms: done ? Math.round(step.ms * 0.4) : 0, memory_bytes: done ? 33_554_432 : 0, fs_operations: done ? 3 : 0, network_requests: 0 },
      environment: { executor_id: executorId, sandbox_mode: "full", security_context: {} },
    },
    started_at: started,
    finished_at: finished,
  };
}

/** Every message of one workflow, in publish order; it stops at the first failed step. */
export function plannerWorkflowMessages(spec: PlannerWorkflowSpec): PlannerWireMessage[] {
  const out: PlannerWireMessage[] = [];
  const session_id = spec.sessionId;
  const workflowType = spec.workflowType ?? "simple";
  const executorId = spec.executorId ?? "exec-planner-01";
  const event = (atMs: number, body: unknown) => out.push({ subject: PLANNER_EVENTS_SUBJECT, payload: JSON.stringify(body), atMs });
  const update = (atMs: number, update_type: string, payload: unknown) =>
    out.push({
      subject: `smith.planner_exec.streams.${session_id}`,
      payload: JSON.stringify({ session_id, timestamp: Math.floor((spec.startMs + atMs) / 1000), update_type, payload }),
      atMs,
    });
  const transition = (atMs: number, from: unknown, to: unknown) =>
    event(atMs, { StateTransition: { session_id, from_state: from, to_state: to } });

  event(0, { WorkflowStarted: { session_id, workflow_type: workflowType } });
  transition(5, { state: "Initializing" }, { state: "Planning" });
  update(6, "StateChanged", { state: "planning" });
  transition(40, { state: "Planning" }, { state: "Executing" });
  update(41, "StateChanged", { state: "executing" });

  let t = 50;
  const results: ReturnType<typeof actionResult>[] = [];
  for (const [i, step] of spec.steps.entries()) {
    const started = chronoTime(spec.startMs + t, 1000 + i);
    event(t, { ActionExecuted: { session_id, action_id: step.actionId, result: actionResult(step, "running", started, started, executorId) } });
    update(t + 1, "ActionStarted", { action_id: step.actionId });
    t += step.ms;
    const finished = chronoTime(spec.startMs + t, 2000 + i);
    const result = actionResult(step, step.outcome, started, finished, executorId);
    results.push(result);
    event(t, { ActionExecuted: { session_id, action_id: step.actionId, result } });
    update(t + 1, step.outcome === "failed" ? "ErrorOccurred" : "ActionCompleted", { action_id: step.actionId });
    t += 10;
    if (step.outcome === "failed") {
      const why = `action ${step.actionId} failed: ${step.error?.message ?? "action failed"}`;
      transition(t, { state: "Executing" }, { state: "Failed", data: why });
      event(t + 1, { WorkflowFailed: { session_id, error: why } });
      return out;
    }
  }
  transition(t, { state: "Executing" }, { state: "Completed" });
  const succeeded = results.length;
  const summary = {
    workflow_id: `wf-${session_id.slice(0, 8)}`,
    session_id,
    workflow_type: workflowType,
    goal: spec.goal,
    status: "completed",
    actions: results,
    duration_ms: t,
    total_duration: { secs: Math.floor(t / 1000), nanos: (t % 1000) * 1_000_000 },
    total_actions: results.length,
    successful_actions: succeeded,
    failed_actions: 0,
    final_state: "completed",
    error_message: null,
    resource_usage: { cpu_ms: results.reduce((a, r) => a + r.metadata.resource_usage.cpu_ms, 0), memory_bytes: 33_554_432, fs_operations: 3 * succeeded, network_requests: 0 },
    success_criteria_met: [],
    lessons_learned: results.map(() => "Action Custom(planner.step) completed successfully"),
    recommendations: [],
    final_output: null,
  };
  event(t + 1, { WorkflowCompleted: { session_id, summary } });
  return out;
}
