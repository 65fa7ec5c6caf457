import { v5 as uuidv5 } from "uuid";
import type { GraphDelta } from "@/lib/protocol/smith-events";
import type { GraphEdge, GraphNode, PilotNodeStatus } from "@/lib/protocol/smith-graph";
import {
  apiEventSessionId,
  apiEventVariant,
  type ActionResult,
  type ActionStatus,
  type ApiEvent,
  type WorkflowState,
  type WorkflowStatus,
  type WorkflowUpdate,
} from "@/lib/protocol/smith-planner";

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

export const PLANNER_WORKFLOW_NODE = "planner_workflow";
export const PLANNER_ACTION_NODE = "planner_action";
export const PLANNER_NODE_TYPES: readonly string[] = [PLANNER_WORKFLOW_NODE, PLANNER_ACTION_NODE];

/** Pilot's namespace for planner node ids (UUIDv5): the same input gives the same id everywhere. */
const NAMESPACE = "6f0d3a5e-3c1b-4f7e-9a53-1d2c8b9e4a70";
/** Longest output or payload kept in a node's metadata (metadata is shown, not stored whole). */
export const MAX_METADATA_TEXT = 2000;

export type PlannerMessage =
  | { kind: "planner-event"; value: ApiEvent }
  | { kind: "workflow-update"; value: WorkflowUpdate };

export interface PlannerDelta {
  sessionId: string;
  delta: GraphDelta;
}

export function workflowNodeId(sessionId: string): string {
  return uuidv5(`${sessionId}\u0000workflow`, NAMESPACE);
}

export function actionNodeId(sessionId: string, actionId: string): string {
  return uuidv5(`${sessionId}\u0000action\u0000${actionId}`, NAMESPACE);
}

function edgeId(sessionId: string, from: string, to: string): string {
  return uuidv5(`${sessionId}\u0000edge\u0000${from}\u0000${to}`, NAMESPACE);
}

const ACTION_STATUS: Record<ActionStatus, PilotNodeStatus> = {
  pending: "pending",
  running: "running",
  completed: "ok",
  failed: "error",
  cancelled: "killed",
  skipped: "skipped",
  // Waiting for a person: not failed, not finished (the raw status stays in metadata).
  escalate: "pending",
};

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

function clip(text: string): string {
  return text.length > MAX_METADATA_TEXT ? `${text.slice(0, MAX_METADATA_TEXT - 1)}…` : text;
}

/** JSON text of a payload for metadata; big integers written exactly. */
function jsonText(value: unknown): string {
  return clip(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null");
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** The session's planner nodes so far: its workflow node and its actions in step order. */
interface Prior {
  workflow: GraphNode | null;
  actions: Map<string, GraphNode>;
  last: GraphNode | null;
  steps: number;
}

function readPrior(sessionId: string, prior: readonly GraphNode[]): Prior {
  const wid = workflowNodeId(sessionId);
  let workflow: GraphNode | null = null;
  const actions = new Map<string, GraphNode>();
  let last: GraphNode | null = null;
  let steps = 0;
  for (const n of prior) {
    if (n.id === wid) workflow = n;
    if (n.node_type !== PLANNER_ACTION_NODE || n.metadata.action_id === undefined) continue;
    if (n.id !== actionNodeId(sessionId, n.metadata.action_id)) continue;
    actions.set(n.metadata.action_id, n);
    const step = Number(n.metadata.step);
    if (Number.isInteger(step) && step > steps) {
      steps = step;
      last = n;
    }
  }
  return { workflow, actions, last, steps };
}

/** Builds a delta over the prior state, keeping what it adds visible to later steps. */
class DeltaBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];

  constructor(
    readonly sessionId: string,
    readonly prior: Prior,
  ) {}

  workflow(): GraphNode {
    const id = workflowNodeId(this.sessionId);
    return (
      this.nodes.get(id) ??
      this.prior.workflow ?? { id, label: "Planner workflow", node_type: PLANNER_WORKFLOW_NODE, metadata: { status: "running", session_id: this.sessionId } }
    );
  }

  /** Re-adds the workflow node with these changes (a node added again replaces the earlier one). */
  setWorkflow(meta: Record<string, string>, label?: string): void {
    const w = this.workflow();
    this.nodes.set(w.id, { ...w, label: label ?? w.label, metadata: { ...w.metadata, ...meta } });
  }

  /** Adds or updates an action; a new one is chained after the last action (or the workflow). */
  action(result: ActionResult, extra: Record<string, string> = {}): void {
    const actionId = result.action_id;
    const id = actionNodeId(this.sessionId, actionId);
    const had = this.nodes.get(id) ?? this.prior.actions.get(actionId);
    let step = had?.metadata.step;
    if (step === undefined) {
      // New: make sure the workflow node exists, then chain.
      if (!this.nodes.has(workflowNodeId(this.sessionId)) && !this.prior.workflow) this.setWorkflow({});
      this.prior.steps++;
      step = String(this.prior.steps);
      const from = this.prior.last?.id ?? workflowNodeId(this.sessionId);
      this.edges.push({ id: edgeId(this.sessionId, from, id), from, to: id, label: null, edge_type: this.prior.last ? "then" : "starts" });
    }
    const short = isUuid(actionId) ? actionId.slice(0, 8) : actionId;
    const node: GraphNode = {
      id,
      label: `step ${step} · ${short}`,
      node_type: PLANNER_ACTION_NODE,
      metadata: { ...actionMetadata(result), step, ...extra },
    };
    this.nodes.set(id, node);
    this.prior.actions.set(actionId, node);
    if (had === undefined) this.prior.last = node;
  }

  /** Every action not finished yet fails with the workflow: that is where it stopped. */
  failOpenActions(why: string): void {
    for (const [actionId, n] of this.prior.actions) {
      const current = this.nodes.get(n.id) ?? n;
      if (current.metadata.status !== "pending" && current.metadata.status !== "running") continue;
      const failed = { ...current, metadata: { ...current.metadata, status: "error", error: why } };
      this.nodes.set(n.id, failed);
      this.prior.actions.set(actionId, failed);
    }
  }

  delta(): GraphDelta {
    return { request_id: null, nodes_added: [...this.nodes.values()], edges_added: this.edges, nodes_removed: [], edges_removed: [] };
  }
}

function actionMetadata(r: ActionResult): Record<string, string> {
  const status = ACTION_STATUS[r.status];
  const m: Record<string, string> = {
    status,
    action_id: r.action_id,
    action_status: r.status,
    started_at: r.started_at,
    finished_at: r.finished_at,
    retry_count: String(r.metadata.retry_count),
    executor_id: r.metadata.environment.executor_id,
    sandbox_mode: r.metadata.environment.sandbox_mode,
    cpu_ms: r.metadata.resource_usage.cpu_ms.toString(),
    memory_bytes: r.metadata.resource_usage.memory_bytes.toString(),
  };
  const ms = Date.parse(r.finished_at) - Date.parse(r.started_at);
  if (status !== "pending" && status !== "running" && Number.isFinite(ms) && ms >= 0) m.duration_ms = String(ms);
  if (r.error) {
    m.error_code = r.error.code;
    m.error = r.error.message;
    m.retryable = String(r.error.retryable);
  }
  if (r.output !== null && r.output !== undefined) m.output = jsonText(r.output);
  return m;
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
        duration_ms: s.duration_ms.toString(),
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
