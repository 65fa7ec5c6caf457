import type { Edge, Node } from "@xyflow/react";
import type { GraphEdgeItem, GraphNodeItem } from "@/lib/contract/sessions";

/** What a drawn node shows beside its graph data. */
export interface Marks {
  /** On the critical path. */
  critical: boolean;
  /** A find match; `current` is the one focused now. */
  match: "none" | "match" | "current";
}

export type TaskNodeData = { node: GraphNodeItem; marks: Marks };
export type GroupNodeData = {
  count: number;
  /** Nodes of the branches folded in with the members. */
  downstream: number;
  failed: number;
  nodeType: string;
  status: string | null;
  expandKey: string;
  marks: Marks;
};

export type TaskFlowNode = Node<TaskNodeData, "task">;
export type GroupFlowNode = Node<GroupNodeData, "group">;
export type DagFlowNode = TaskFlowNode | GroupFlowNode;

export type DagEdgeData = { edges: GraphEdgeItem[]; critical: boolean };
export type DagFlowEdge = Edge<DagEdgeData, "labeled">;
