import "server-only";
import type {
  GraphDeltaItem,
  NodeHistory,
  SessionDeltas,
  SessionTimeline,
} from "@/lib/contract/sessions";
import type { ReadContext } from "../core/read-context";
import { stringRecord } from "../core/values";

/** The seqs that changed a session's graph: every version, edge version and removal. */
const SESSION_SEQS = `SELECT seq FROM graph_node_history WHERE session_id = @session
  UNION SELECT seq FROM graph_edge_history WHERE session_id = @session
  UNION SELECT seq FROM graph_removals WHERE session_id = @session`;

function streamOf(ctx: ReadContext, sessionId: string): string | null {
  return (
    ctx.stmt<{ stream: string }>("SELECT stream FROM graph_sessions WHERE session_id = ?").get(sessionId)?.stream ?? null
  );
}

/** Every seq that changed the session's graph, with when the stream stored it: the scrubber's ticks. */
export function sessionTimeline(ctx: ReadContext, sessionId: string): SessionTimeline | null {
  return ctx.snapshot(() => {
    const stream = streamOf(ctx, sessionId);
    if (stream === null) return null;
    const rows = ctx
      .stmt<{ seq: number; published_ns: string | null }>(
        `SELECT s.seq, m.published_ns FROM (${SESSION_SEQS}) s
         LEFT JOIN messages m ON m.stream = @stream AND m.seq = s.seq ORDER BY s.seq`,
      )
      .all({ session: sessionId, stream });
    return {
      sessionId,
      stream,
      seqs: rows.map((r) => r.seq),
      publishedNs: rows.map((r) => r.published_ns),
      seq: ctx.seqs(),
    };
  });
}

interface NodeVersionRow {
  seq: number;
  node_id: string;
  label: string;
  node_type: string;
  status: string | null;
  intent_id: string | null;
  metadata: string;
}

/**
 * The session's deltas after `after` (up to `until`, at most `limit` of them), rebuilt
 * from the history tables: what playback applies on top of the graph as of `after`.
 */
export function sessionDeltas(
  ctx: ReadContext,
  sessionId: string,
  after: number,
  until: number | undefined,
  limit: number,
): SessionDeltas | null {
  return ctx.snapshot(() => {
    const stream = streamOf(ctx, sessionId);
    if (stream === null) return null;
    const seqRows = ctx
      .stmt<{ seq: number; published_ns: string | null }>(
        `SELECT s.seq, m.published_ns FROM (${SESSION_SEQS}) s
         LEFT JOIN messages m ON m.stream = @stream AND m.seq = s.seq
         WHERE s.seq > @after AND s.seq <= @until ORDER BY s.seq LIMIT @limit`,
      )
      .all({ session: sessionId, stream, after, until: until ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 });
    const page = seqRows.slice(0, limit);
    const items = new Map<number, GraphDeltaItem>();
    for (const r of page)
      items.set(r.seq, { seq: r.seq, publishedNs: r.published_ns, nodesAdded: [], edgesAdded: [], nodesRemoved: [], edgesRemoved: [] });
    const lo = page[0]?.seq ?? 0;
    const hi = page.at(-1)?.seq ?? -1;
    for (const n of ctx
      .stmt<NodeVersionRow>(
        `SELECT seq, node_id, label, node_type, status, intent_id, metadata FROM graph_node_history
         WHERE session_id = ? AND seq BETWEEN ? AND ? ORDER BY seq, node_id`,
      )
      .all(sessionId, lo, hi))
      items.get(n.seq)?.nodesAdded.push({
        id: n.node_id,
        label: n.label,
        nodeType: n.node_type,
        status: n.status,
        intentId: n.intent_id,
        metadata: stringRecord(n.metadata),
        version: n.seq,
      });
    for (const e of ctx
      .stmt<{ seq: number; edge_id: string; from_id: string; to_id: string; label: string | null; edge_type: string }>(
        `SELECT seq, edge_id, from_id, to_id, label, edge_type FROM graph_edge_history
         WHERE session_id = ? AND seq BETWEEN ? AND ? ORDER BY seq, edge_id`,
      )
      .all(sessionId, lo, hi))
      items.get(e.seq)?.edgesAdded.push({ id: e.edge_id, from: e.from_id, to: e.to_id, label: e.label, edgeType: e.edge_type, version: e.seq });
    for (const r of ctx
      .stmt<{ seq: number; kind: string; item_id: string }>(
        `SELECT seq, kind, item_id FROM graph_removals WHERE session_id = ? AND seq BETWEEN ? AND ? ORDER BY seq, item_id`,
      )
      .all(sessionId, lo, hi)) {
      const d = items.get(r.seq);
      if (d) (r.kind === "node" ? d.nodesRemoved : d.edgesRemoved).push(r.item_id);
    }
    return {
      sessionId,
      items: [...items.values()],
      nextAfter: seqRows.length > limit ? hi : null,
      seq: ctx.seqs(),
    };
  });
}

/** Every version of one node (its status changes, with when they were stored) and its removals. */
export function nodeHistory(ctx: ReadContext, sessionId: string, nodeId: string): NodeHistory | null {
  return ctx.snapshot(() => {
    const stream = streamOf(ctx, sessionId);
    if (stream === null) return null;
    const versions = ctx
      .stmt<NodeVersionRow & { published_ns: string | null }>(
        `SELECT h.seq, h.node_id, h.label, h.node_type, h.status, h.intent_id, h.metadata, m.published_ns
         FROM graph_node_history h LEFT JOIN messages m ON m.stream = ? AND m.seq = h.seq
         WHERE h.session_id = ? AND h.node_id = ? ORDER BY h.seq`,
      )
      .all(stream, sessionId, nodeId);
    if (versions.length === 0) return null;
    const removals = ctx
      .stmt<{ seq: number; published_ns: string | null }>(
        `SELECT r.seq, m.published_ns FROM graph_removals r
         LEFT JOIN messages m ON m.stream = ? AND m.seq = r.seq
         WHERE r.session_id = ? AND r.kind = 'node' AND r.item_id = ? ORDER BY r.seq`,
      )
      .all(stream, sessionId, nodeId);
    return {
      sessionId,
      nodeId,
      versions: versions.map((v) => ({
        seq: v.seq,
        publishedNs: v.published_ns,
        label: v.label,
        nodeType: v.node_type,
        status: v.status,
        metadata: stringRecord(v.metadata),
      })),
      removals: removals.map((r) => ({ seq: r.seq, publishedNs: r.published_ns })),
      seq: ctx.seqs(),
    };
  });
}
