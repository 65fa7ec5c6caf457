import type { GraphEdgeItem, GraphNodeItem, SessionGraph } from "@/lib/contract/sessions";

/** Small graphs for the graph tests: ids are readable, not uuids. */
export function node(id: string, status: string | null = "ok", more: Partial<GraphNodeItem> = {}): GraphNodeItem {
  return {
    id,
    label: `step ${id}`,
    nodeType: "tool_call",
    status,
    intentId: null,
    metadata: status === null ? {} : { status },
    version: 1,
    ...more,
  };
}

export function edge(from: string, to: string, more: Partial<GraphEdgeItem> = {}): GraphEdgeItem {
  return { id: `${from}-${to}`, from, to, label: null, edgeType: "depends_on", version: 1, ...more };
}

export function sessionGraph(nodes: GraphNodeItem[], edges: GraphEdgeItem[], asOfSeq = 10): SessionGraph {
  return {
    sessionId: "s1",
    source: "graph-delta",
    stream: "SMITH_GRAPH",
    asOfSeq,
    firstSeq: 1,
    lastSeq: asOfSeq,
    nodes,
    edges,
    seq: { SMITH_GRAPH: asOfSeq },
  };
}
