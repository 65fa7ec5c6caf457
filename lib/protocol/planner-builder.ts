import { v5 as uuidv5 } from "uuid";
import type { GraphDelta } from "@/lib/protocol/smith-events";
import type { GraphEdge, GraphNode, PilotNodeStatus } from "@/lib/protocol/smith-graph";
import type { ActionResult, ActionStatus } from "@/lib/protocol/smith-planner";

/*
 * The pieces of a planner session's graph (planner-delta.ts says what each message does):
 * deterministic ids, the action nodes' metadata, and a builder that applies changes over
 * the session's nodes so far.
 */

export const PLANNER_WORKFLOW_NODE = "planner_workflow";
export const PLANNER_ACTION_NODE = "planner_action";
export const PLANNER_NODE_TYPES: readonly string[] = [PLANNER_WORKFLOW_NODE, PLANNER_ACTION_NODE];

/** Pilot's namespace for planner node ids (UUIDv5): the same input gives the same id everywhere. */
const NAMESPACE = "6f0d3a5e-3c1b-4f7e-9a53-1d2c8b9e4a70";
/** Longest output or payload kept in a node's metadata (metadata is shown, not stored whole). */
export const MAX_METADATA_TEXT = 2000;

export function workflowNodeId(sessionId: string): string {
  return uuidv5(`${sessionId}\u0000workflow`, NAMESPACE);
}

export function actionNodeId(sessionId: string, actionId: string): string {
  return uuidv5(`${sessionId}\u0000action\u0000${actionId}`, NAMESPACE);
}

export function edgeId(sessionId: string, from: string, to: string): string {
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

export function clip(text: string): string {
  return text.length > MAX_METADATA_TEXT ? `${text.slice(0, MAX_METADATA_TEXT - 1)}…` : text;
}

/** JSON text of a payload for metadata; big integers written exactly. */
export function jsonText(value: unknown): string {
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

export function readPrior(sessionId: string, prior: readonly GraphNode[]): Prior {
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
export class DeltaBuilder {
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
