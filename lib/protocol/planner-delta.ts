import type { GraphNode, PilotNodeStatus } from "@/lib/protocol/smith-graph";
import type { GraphDelta } from "@/lib/protocol/smith-events";
import {
  apiEventSessionId,
  apiEventVariant,
  type ApiEvent,
  type WorkflowState,
  type WorkflowStatus,
  type WorkflowUpdate,
} from "@/lib/protocol/smith-planner";
import { DeltaBuilder, jsonText, readPrior } from "./planner-builder";

export {
  actionNodeId,
  MAX_METADATA_TEXT,
  PLANNER_ACTION_NODE,
  PLANNER_NODE_TYPES,
  PLANNER_WORKFLOW_NODE,
  workflowNodeId,
} from "./planner-builder";

/*
 * agentd publishes no GraphDelta: its execution graphs are planner workflows. This maps
 * one planner message to the GraphDelta it implies, so that a workflow is a session in
 * the same tables and the same live DAG view as GraphDelta sessions (time travel, find
 * and critical path unchanged). The index (at write time) and the browser (live) run the
 * same function on the same messages in the same stream order, with the session's
 * planner nodes so far as `prior`, so both draw the same graph.
 *
 * The graph: one `planner_workflow` node for the session, one `planner_action` node per
 * action id, chained in the order the actions were first seen (`metadata.step`).
 */

export type PlannerMessage =
  | { kind: "planner-event"; value: ApiEvent }
  | { kind: "workflow-update"; value: WorkflowUpdate };

export interface PlannerDelta {
  sessionId: string;
  delta: GraphDelta;
}

const WORKFLOW_STATUS: Record<WorkflowStatus, PilotNodeStatus> = {
  initializing: "running",
  planning: "running",
  executing: "running",
  completed: "ok",
  failed: "error",
  cancelled: "killed",
  paused: "pending",
};

function stateStatus(state: WorkflowState): PilotNodeStatus {
  switch (state.state) {
    case "Completed":
      return "ok";
    case "Failed":
      return "error";
    case "Paused":
      return "pending";
    default:
      return "running";
  }
}

function eventDelta(b: DeltaBuilder, event: ApiEvent): void {
  const v = apiEventVariant(event);
  switch (v.tag) {
    case "WorkflowStarted":
      b.setWorkflow({ status: "running", workflow_type: v.body.workflow_type, workflow_state: "Initializing" }, `Planner workflow (${v.body.workflow_type})`);
      return;
    case "StateTransition": {
      const to = v.body.to_state;
      const meta: Record<string, string> = { status: stateStatus(to), workflow_state: to.state, previous_state: v.body.from_state.state };
      if (to.state === "Failed") meta.error = to.data;
      b.setWorkflow(meta);
      if (to.state === "Failed") b.failOpenActions(`workflow failed: ${to.data}`);
      return;
    }
    case "ActionExecuted":
      // The event's action_id names the node; the result's is its copy (they agree in agentd).
      b.action({ ...v.body.result, action_id: v.body.action_id });
      return;
    case "WorkflowFailed":
      b.setWorkflow({ status: "error", workflow_state: "Failed", error: v.body.error });
      b.failOpenActions(`workflow failed: ${v.body.error}`);
      return;
    case "WorkflowCompleted": {
      const s = v.body.summary;
      for (const a of s.actions) b.action(a);
      const meta: Record<string, string> = {
        status: WORKFLOW_STATUS[s.status],
        workflow_state: s.final_state,
        workflow_type: s.workflow_type,
        workflow_id: s.workflow_id,
        // Not `duration_ms`: the critical path adds node durations, and the actions already carry theirs.
        workflow_duration_ms: s.duration_ms.toString(),
        total_actions: String(s.total_actions),
        successful_actions: String(s.successful_actions),
        failed_actions: String(s.failed_actions),
      };
      if (s.error_message !== null) meta.error = s.error_message;
      b.setWorkflow(meta, s.goal.trim() === "" ? undefined : s.goal);
      if (s.status === "failed") b.failOpenActions(`workflow failed: ${s.error_message ?? "no reason given"}`);
      return;
    }
    case "UserIntervention":
      b.setWorkflow({ intervention: v.body.intervention_type });
      return;
    case "SystemError":
      b.setWorkflow({ system_error: v.body.error });
      return;
    case "HealthCheck":
      return;
  }
}

/**
 * The GraphDelta one planner message implies, given the session's planner nodes so far
 * (`prior`: any nodes of the session; others are ignored). Null for a message that
 * belongs to no session (`HealthCheck`). Applying a message twice changes nothing more.
 */
export function plannerDelta(message: PlannerMessage, prior: readonly GraphNode[]): PlannerDelta | null {
  const sessionId = plannerSessionId(message);
  if (sessionId === null) return null;
  const b = new DeltaBuilder(sessionId, readPrior(sessionId, prior));
  if (message.kind === "workflow-update") {
    const u = message.value;
    b.setWorkflow({ last_update: u.update_type, last_update_at: u.timestamp.toString(), last_update_payload: jsonText(u.payload) });
  } else {
    eventDelta(b, message.value);
  }
  return { sessionId, delta: b.delta() };
}

/** The session a planner message belongs to; null for `HealthCheck`. */
export function plannerSessionId(message: PlannerMessage): string | null {
  return message.kind === "workflow-update" ? message.value.session_id : apiEventSessionId(message.value);
}
