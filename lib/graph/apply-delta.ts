import { nodeIntentId, type GraphEdge, type GraphNode } from "@/lib/protocol/smith-graph";
import type { GraphDelta } from "@/lib/protocol/smith-events";
import type { GraphDeltaItem, GraphEdgeItem, GraphNodeItem, SessionGraph } from "@/lib/contract/sessions";

/** What one delta changes, in the API's shapes (the deltas route answers these). */
export type DeltaChange = Pick<GraphDeltaItem, "seq" | "nodesAdded" | "edgesAdded" | "nodesRemoved" | "edgesRemoved">;

function nodeItem(n: GraphNode, seq: number): GraphNodeItem {
  return {
    id: n.id,
    label: n.label,
    nodeType: n.node_type,
    status: n.metadata.status ?? null,
    intentId: nodeIntentId(n),
    metadata: n.metadata,
    version: seq,
  };
}

function edgeItem(e: GraphEdge, seq: number): GraphEdgeItem {
  return { id: e.id, from: e.from, to: e.to, label: e.label ?? null, edgeType: e.edge_type, version: seq };
}

/** A GraphDelta as it came off the wire, with the stream seq that carried it. */
export function deltaChange(seq: number, delta: GraphDelta): DeltaChange {
  return {
    seq,
    nodesAdded: delta.nodes_added.map((n) => nodeItem(n, seq)),
    edgesAdded: delta.edges_added.map((e) => edgeItem(e, seq)),
    nodesRemoved: delta.nodes_removed,
    edgesRemoved: delta.edges_removed,
  };
}

/**
 * The graph after `changes`, as the index would answer it: a node added again replaces the
 * earlier one, removals in a delta apply after its adds, and only edges whose two ends
 * are present are drawable. Changes at or before `graph.asOfSeq` are already in it.
 * Items that did not change keep their identity (memoised components skip them).
 */
export function applyGraphChanges(graph: SessionGraph, changes: readonly DeltaChange[]): SessionGraph {
  const fresh = changes.filter((d) => d.seq > graph.asOfSeq);
  if (fresh.length === 0) return graph;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const edges = new Map(graph.edges.map((e) => [e.id, e]));
  let last = graph.asOfSeq;
  for (const d of fresh) {
    for (const n of d.nodesAdded) nodes.set(n.id, n);
    for (const e of d.edgesAdded) edges.set(e.id, e);
    for (const id of d.nodesRemoved) nodes.delete(id);
    for (const id of d.edgesRemoved) edges.delete(id);
    last = Math.max(last, d.seq);
  }
  // Nodes only added or replaced, no edge touched: every edge still joins two present
  // nodes, and the same list lets the graph's structure be reused (adjacency).
  const sameEdges = fresh.every((d) => d.edgesAdded.length === 0 && d.edgesRemoved.length === 0 && d.nodesRemoved.length === 0);
  return {
    ...graph,
    asOfSeq: last,
    lastSeq: Math.max(graph.lastSeq, last),
    nodes: [...nodes.values()],
    edges: sameEdges ? graph.edges : [...edges.values()].filter((e) => nodes.has(e.from) && nodes.has(e.to)),
    seq: { ...graph.seq, [graph.stream]: Math.max(graph.seq[graph.stream] ?? 0, last) },
  };
}
