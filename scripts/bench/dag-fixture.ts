import type { GraphNode } from "../../lib/protocol/smith-graph";
import { buildDagShape, type DagNode } from "../../lib/testing/demo/dag-shape";
import { uuidV4 } from "../../lib/testing/demo/ids";
import { Prng } from "../../lib/testing/demo/prng";

export type WireNode = GraphNode & { metadata: Record<string, string> };

export interface DagFixture {
  sessionId: string;
  nodes: WireNode[];
  edges: { id: string; from: string; to: string; label: null; edge_type: string }[];
  /** GraphDelta envelopes that build the whole graph, in order. */
  deltas: string[];
}

const STATUSES: [string, number][] = [
  ["ok", 80],
  ["running", 4],
  ["pending", 6],
  ["error", 4],
  ["denied", 2],
  ["timeout", 1],
  ["skipped", 3],
];

function status(prng: Prng): string {
  return prng.weighted(STATUSES);
}

/** A finished-looking agent DAG of `size` nodes (the demo's shape), sent in 250-node deltas. */
export function dagFixture(size: number, seed: number): DagFixture {
  const prng = new Prng(seed);
  const shape = buildDagShape(prng, { size, agent: "bench-agent", goal: `bench ${size}` });
  const wire = (n: DagNode): WireNode => {
    const s = status(prng);
    const meta: Record<string, string> = { ...n.meta, status: s };
    if (s !== "pending" && s !== "running") meta.duration_ms = String(prng.int(5, 4000));
    return { id: n.id, label: n.label, node_type: n.nodeType, metadata: meta };
  };
  const nodes = shape.nodes.map(wire);
  const edges = shape.nodes.flatMap((n) =>
    n.parents.map((p, k) => ({
      id: n.edgeIds[k] ?? uuidV4(prng),
      from: shape.nodes[p]?.id ?? "",
      to: n.id,
      label: null,
      edge_type: n.tolerant ? "merge" : "depends_on",
    })),
  );
  const edgesInto = new Map<string, typeof edges>();
  for (const e of edges) edgesInto.set(e.to, [...(edgesInto.get(e.to) ?? []), e]);
  const deltas: string[] = [];
  for (let i = 0; i < nodes.length; i += 250) {
    const chunk = nodes.slice(i, i + 250);
    const data = {
      request_id: null,
      nodes_added: chunk,
      edges_added: chunk.flatMap((n) => edgesInto.get(n.id) ?? []),
      nodes_removed: [],
      edges_removed: [],
    };
    deltas.push(JSON.stringify({ type: "GraphDelta", data }));
  }
  return { sessionId: uuidV4(prng), nodes, edges, deltas };
}

export function statusDelta(node: WireNode, status: string): string {
  const data = {
    request_id: null,
    nodes_added: [{ ...node, metadata: { ...node.metadata, status } }],
    edges_added: [],
    nodes_removed: [],
    edges_removed: [],
  };
  return JSON.stringify({ type: "GraphDelta", data });
}
