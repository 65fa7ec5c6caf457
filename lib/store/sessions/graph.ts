import "server-only";
import type { GraphEdgeItem, GraphNodeItem, SessionGraph, SessionSource } from "@/lib/contract/sessions";
import type { ReadContext } from "../core/read-context";
import { stringRecord } from "../core/values";

export type { SessionGraph };

interface NodeRow {
  node_id: string;
  label: string;
  node_type: string;
  status: string | null;
  intent_id: string | null;
  metadata: string;
  version: number;
}

interface EdgeRow {
  edge_id: string;
  from_id: string;
  to_id: string;
  label: string | null;
  edge_type: string;
  version: number;
}

/** The column as written by this build (anything else would be a newer Pilot's: shown as deltas). */
export function sessionSource(column: string): SessionSource {
  return column === "planner" ? "planner" : "graph-delta";
}

/** A latest-state row that is present: its last add is newer than its last removal. */
export const PRESENT = "(removed_seq IS NULL OR updated_seq > removed_seq)";

/** PRESENT for a table alias. */
export function present(alias: string): string {
  return `(${alias}.removed_seq IS NULL OR ${alias}.updated_seq > ${alias}.removed_seq)`;
}

function node(r: NodeRow): GraphNodeItem {
  return {
    id: r.node_id,
    label: r.label,
    nodeType: r.node_type,
    status: r.status,
    intentId: r.intent_id,
    metadata: stringRecord(r.metadata),
    version: r.version,
  };
}

function edge(r: EdgeRow): GraphEdgeItem {
  return {
    id: r.edge_id,
    from: r.from_id,
    to: r.to_id,
    label: r.label,
    edgeType: r.edge_type,
    version: r.version,
  };
}

/** Latest versions up to `seq` (SQLite takes the bare columns from the max(seq) row). */
function asOf(ctx: ReadContext, session: string, seq: number) {
  const nodes = ctx
    .stmt<NodeRow>(
      `SELECT node_id, max(seq) AS version, label, node_type, status, intent_id,
      metadata FROM graph_node_history WHERE session_id = ? AND seq <= ? GROUP BY node_id`,
    )
    .all(session, seq);
  const edges = ctx
    .stmt<EdgeRow>(
      `SELECT edge_id, max(seq) AS version, from_id, to_id, label, edge_type
      FROM graph_edge_history WHERE session_id = ? AND seq <= ? GROUP BY edge_id`,
    )
    .all(session, seq);
  const removed = new Map<string, number>();
  for (const r of ctx
    .stmt<{ kind: string; item_id: string; seq: number }>(
      `SELECT kind, item_id, max(seq) AS seq
      FROM graph_removals WHERE session_id = ? AND seq <= ? GROUP BY kind, item_id`,
    )
    .all(session, seq))
    removed.set(`${r.kind}:${r.item_id}`, r.seq);
  // Present when the latest version is newer than the latest removal (same delta: removed).
  const live = (kind: string, id: string, version: number) =>
    (removed.get(`${kind}:${id}`) ?? -1) < version;
  return {
    nodes: nodes.filter((n) => live("node", n.node_id, n.version)),
    edges: edges.filter((e) => live("edge", e.edge_id, e.version)),
  };
}

function latest(ctx: ReadContext, session: string) {
  const nodes = ctx
    .stmt<NodeRow>(
      `SELECT node_id, updated_seq AS version, label, node_type, status, intent_id,
      metadata FROM graph_nodes WHERE session_id = ? AND ${PRESENT} ORDER BY node_id`,
    )
    .all(session);
  const edges = ctx
    .stmt<EdgeRow>(
      `SELECT edge_id, updated_seq AS version, from_id, to_id, label, edge_type
      FROM graph_edges WHERE session_id = ? AND ${PRESENT} ORDER BY edge_id`,
    )
    .all(session);
  return { nodes, edges };
}

/** A session's graph as of a stream seq (default: the latest state); null if unknown. */
export function sessionGraph(
  ctx: ReadContext,
  sessionId: string,
  seq?: number,
): SessionGraph | null {
  return ctx.snapshot(() => {
    const s = ctx
      .stmt<{ stream: string; first_seq: number; last_seq: number; source: string }>(
        "SELECT stream, first_seq, last_seq, source FROM graph_sessions WHERE session_id = ?",
      )
      .get(sessionId);
    if (!s) return null;
    const seqs = ctx.seqs();
    const head = seqs[s.stream] ?? s.last_seq;
    // Past the session's last delta the state is the latest one: read the small table.
    const asOfSeq = seq === undefined ? head : Math.min(seq, head);
    const g = asOfSeq >= s.last_seq ? latest(ctx, sessionId) : asOf(ctx, sessionId, asOfSeq);
    const present = new Set(g.nodes.map((n) => n.node_id));
    return {
      sessionId,
      source: sessionSource(s.source),
      stream: s.stream,
      asOfSeq,
      firstSeq: s.first_seq,
      lastSeq: s.last_seq,
      nodes: g.nodes.map(node),
      edges: g.edges.filter((e) => present.has(e.from_id) && present.has(e.to_id)).map(edge),
      seq: seqs,
    };
  });
}
