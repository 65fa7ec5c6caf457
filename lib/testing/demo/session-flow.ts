import { stringifyLossless } from "@/lib/protocol/json";
import type { DemoContext, Domain } from "./context";
import { buildDagShape, type DagNode } from "./dag-shape";
import { runDag, type NodeEvent } from "./dag-run";
import { uuidV4 } from "./ids";
import { intentFlow } from "./intent-flow";
import type { Prng } from "./prng";
import type { Emit } from "./types";

/**
 * An agent session on `smith.events.graph.<session_id>`: its DAG arrives in
 * `GraphDelta` envelopes, nodes first as `pending`, then re-added with the same id as
 * they run and finish (Pilot's `metadata.status` convention).
 */

const GOALS = [
  "Fix flaky refund test in payments-api",
  "Upgrade tokio to 1.45 across the workspace",
  "Triage nightly CI failures",
  "Add pagination to /v1/orders",
  "Resolve SWE-bench task astropy__astropy-12907",
  "Rotate leaked Slack webhook",
  "Profile cold start of ingest-worker",
  "Migrate settings.yaml to the v2 schema",
];
const MAX_NODES_PER_DELTA = 200;

export interface SessionOptions {
  atMs: number;
  size: number;
}

export interface SessionOutcome {
  sessionId: string;
  endAtMs: number;
  deltas: number;
}

interface GraphEdge {
  id: string;
  from: string;
  to: string;
  label: string | null;
  edge_type: string;
}

export function sessionFlow(
  ctx: DemoContext,
  prng: Prng,
  emit: Emit,
  opts: SessionOptions,
): SessionOutcome {
  const sessionId = uuidV4(prng);
  const requestId = prng.chance(0.85) ? uuidV4(prng) : null;
  const agent = prng.pick(ctx.keys.trusted).agent;
  const domain = prng.weighted<Domain>([
    ["production", 3],
    ["staging", 3],
    ["research", 2],
    ["ci", 4],
  ]);
  const shape = buildDagShape(prng, { size: opts.size, agent, goal: prng.pick(GOALS) });
  const { nodes } = shape;
  const linkP = nodes.length <= 50 ? 0.7 : nodes.length <= 400 ? 0.25 : 0.03;
  const events = runDag(shape, prng, {
    startMs: opts.atMs,
    workers: Math.min(36, Math.max(2, Math.round(Math.sqrt(nodes.length) * 0.8))),
    prune: prng.chance(0.25),
    linkIntent: (i, atMs) => {
      const node = nodes[i];
      if (!node?.capability || !prng.chance(linkP)) return null;
      const session = { sessionId, nodeId: node.id, agent };
      return intentFlow(ctx, prng, emit, { atMs, capability: node.capability, domain, session });
    },
  });
  // Stable: events at the same time keep the order the run produced them in.
  const ordered = events.map((e, k) => ({ e, k })).sort((a, b) => a.e.atMs - b.e.atMs || a.k - b.k);
  const windowMs = nodes.length > 500 ? 600 : nodes.length > 100 ? 400 : 250;
  let deltas = 0;
  let endAtMs = opts.atMs;
  let bucket: NodeEvent[] = [];
  let bucketKey = Number.NaN;
  const flush = () => {
    if (bucket.length === 0) return;
    const atMs = Math.ceil(Math.max(...bucket.map((e) => e.atMs)));
    for (const part of deltasOf(bucket, nodes, prng, requestId)) {
      emit({ subject: `smith.events.graph.${sessionId}`, payload: part, atMs });
      deltas++;
    }
    endAtMs = atMs;
    bucket = [];
  };
  for (const { e } of ordered) {
    const key = Math.floor(e.atMs / windowMs);
    if (key !== bucketKey) flush();
    bucketKey = key;
    bucket.push(e);
  }
  flush();
  return { sessionId, endAtMs, deltas };
}

function edgesInto(node: DagNode, nodes: DagNode[], prng: Prng): GraphEdge[] {
  return node.parents.map((p, k) => ({
    id: node.edgeIds[k] ?? "",
    from: nodes[p]?.id ?? "",
    to: node.id,
    label: prng.chance(0.7) ? null : prng.pick(["output", "context", "patch"]),
    edge_type: node.tolerant ? "merge" : "depends_on",
  }));
}

/** One bucket of node events as GraphDelta payloads of at most MAX_NODES_PER_DELTA nodes. */
function deltasOf(
  bucket: NodeEvent[],
  nodes: DagNode[],
  prng: Prng,
  requestId: string | null,
): string[] {
  const snapshots = new Map<number, Record<string, unknown>>();
  const edgesFor = new Map<number, GraphEdge[]>();
  const removedNodes: string[] = [];
  const removedEdges: string[] = [];
  for (const e of bucket) {
    const node = nodes[e.node];
    if (!node) continue;
    if (e.kind === "remove") {
      removedNodes.push(node.id);
      removedEdges.push(...node.edgeIds);
      for (const c of node.children) {
        const child = nodes[c];
        const k = child?.parents.indexOf(node.index) ?? -1;
        const edge = child?.edgeIds[k];
        if (edge) removedEdges.push(edge);
      }
      continue;
    }
    // A node re-added in the same window: only its latest state matters.
    snapshots.set(e.node, {
      id: node.id,
      label: node.label,
      node_type: node.nodeType,
      metadata: { ...node.meta, ...e.meta },
    });
    if (e.kind === "add") edgesFor.set(e.node, edgesInto(node, nodes, prng));
  }
  const entries = [...snapshots.entries()];
  const out: string[] = [];
  for (let from = 0; from < Math.max(1, entries.length); from += MAX_NODES_PER_DELTA) {
    const part = entries.slice(from, from + MAX_NODES_PER_DELTA);
    const last = from + MAX_NODES_PER_DELTA >= entries.length;
    out.push(
      stringifyLossless({
        type: "GraphDelta",
        data: {
          request_id: requestId,
          nodes_added: part.map(([, snap]) => snap),
          edges_added: part.flatMap(([i]) => edgesFor.get(i) ?? []),
          nodes_removed: last ? removedNodes : [],
          edges_removed: last ? [...new Set(removedEdges)] : [],
        },
      }),
    );
  }
  return out;
}
