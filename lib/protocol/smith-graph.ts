import { z } from "zod";
import { uuid } from "./primitives";

/**
 * A DAG node. Smith keeps no status field: by Pilot's convention `metadata.status` holds
 * one of `PILOT_NODE_STATUSES` and `metadata.intent_id` links the node to its intent.
 * Adding a node again with the same id replaces it (that is how its state changes).
 */
export const graphNodeSchema = z.looseObject({
  id: uuid,
  label: z.string(),
  node_type: z.string(),
  metadata: z.record(z.string(), z.string()),
});
export type GraphNode = z.output<typeof graphNodeSchema>;

export const graphEdgeSchema = z.looseObject({
  id: uuid,
  from: uuid,
  to: uuid,
  label: z.string().nullish(),
  edge_type: z.string(),
});
export type GraphEdge = z.output<typeof graphEdgeSchema>;

export const PILOT_NODE_STATUSES = [
  "pending",
  "running",
  "ok",
  "error",
  "denied",
  "timeout",
  "killed",
  "skipped",
] as const;
export type PilotNodeStatus = (typeof PILOT_NODE_STATUSES)[number];

function isPilotNodeStatus(value: string): value is PilotNodeStatus {
  return (PILOT_NODE_STATUSES as readonly string[]).includes(value);
}

/** The node's status by Pilot's convention, or `null` when it carries none we know. */
export function pilotNodeStatus(node: Pick<GraphNode, "metadata">): PilotNodeStatus | null {
  const status = node.metadata.status;
  return status !== undefined && isPilotNodeStatus(status) ? status : null;
}

/** The intent a node stands for, by Pilot's convention (`metadata.intent_id`). */
export function nodeIntentId(node: Pick<GraphNode, "metadata">): string | null {
  const id = node.metadata.intent_id;
  return id === undefined || id === "" ? null : id;
}
