import "server-only";
import type { GraphDelta } from "@/lib/protocol/smith-events";
import { nodeIntentId } from "@/lib/protocol/smith-graph";
import type { Db } from "./db";
import type { IngestRecord } from "./types";
import { jsonText } from "./values";

/**
 * Applies GraphDelta envelopes. Adds and removals are guarded by seq, so a delta that
 * reaches the index after a newer one (a redelivery out of order) never overwrites the
 * newer state; the history rows make every version reachable for time travel anyway.
 * Within one delta a node listed twice ends in its last state, as Smith replaces it.
 */
export function createGraphWriter(db: Db) {
  const upsertSession = db.prepare(`INSERT INTO graph_sessions
      (session_id, stream, first_seq, last_seq, first_ns, last_ns, request_id, title, deltas)
      VALUES (@session, @stream, @seq, @seq, @ns, @ns, @request, @title, 1)
    ON CONFLICT (session_id) DO UPDATE SET
      first_ns = CASE WHEN excluded.first_seq < first_seq THEN excluded.first_ns ELSE first_ns END,
      first_seq = min(first_seq, excluded.first_seq),
      last_ns = CASE WHEN excluded.last_seq > last_seq THEN excluded.last_ns ELSE last_ns END,
      last_seq = max(last_seq, excluded.last_seq),
      request_id = coalesce(request_id, excluded.request_id),
      title = coalesce(title, excluded.title),
      deltas = deltas + 1`);
  const upsertNode = db.prepare(`INSERT INTO graph_nodes
      (session_id, node_id, label, node_type, status, intent_id, metadata, added_seq, updated_seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (session_id, node_id) DO UPDATE SET
      label = excluded.label, node_type = excluded.node_type, status = excluded.status,
      intent_id = excluded.intent_id, metadata = excluded.metadata,
      updated_seq = excluded.updated_seq
    WHERE excluded.updated_seq >= graph_nodes.updated_seq`);
  const nodeHistory = db.prepare(`INSERT OR REPLACE INTO graph_node_history
    (session_id, node_id, seq, label, node_type, status, intent_id, metadata)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const upsertEdge = db.prepare(`INSERT INTO graph_edges
      (session_id, edge_id, from_id, to_id, label, edge_type, added_seq, updated_seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (session_id, edge_id) DO UPDATE SET
      from_id = excluded.from_id, to_id = excluded.to_id, label = excluded.label,
      edge_type = excluded.edge_type, updated_seq = excluded.updated_seq
    WHERE excluded.updated_seq >= graph_edges.updated_seq`);
  const edgeHistory = db.prepare(`INSERT OR REPLACE INTO graph_edge_history
    (session_id, edge_id, seq, from_id, to_id, label, edge_type) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const removal = db.prepare(
    "INSERT OR IGNORE INTO graph_removals (session_id, kind, item_id, seq) VALUES (?, ?, ?, ?)",
  );
  const removeNode = db.prepare(`UPDATE graph_nodes SET removed_seq = ?
    WHERE session_id = ? AND node_id = ? AND (removed_seq IS NULL OR removed_seq < ?)`);
  const removeEdge = db.prepare(`UPDATE graph_edges SET removed_seq = ?
    WHERE session_id = ? AND edge_id = ? AND (removed_seq IS NULL OR removed_seq < ?)`);

  return {
    apply(r: IngestRecord, session: string, delta: GraphDelta): void {
      const seq = r.seq;
      upsertSession.run({
        session,
        stream: r.stream,
        seq,
        ns: r.publishedAtNs?.toString() ?? null,
        request: delta.request_id ?? null,
        title: delta.nodes_added[0]?.label ?? null,
      });
      for (const n of delta.nodes_added) {
        const status = n.metadata.status ?? null;
        const intent = nodeIntentId(n);
        const meta = jsonText(n.metadata);
        // Positional parameters: binding by name costs a property lookup per value.
        upsertNode.run(session, n.id, n.label, n.node_type, status, intent, meta, seq, seq);
        nodeHistory.run(session, n.id, seq, n.label, n.node_type, status, intent, meta);
      }
      for (const e of delta.edges_added) {
        const label = e.label ?? null;
        upsertEdge.run(session, e.id, e.from, e.to, label, e.edge_type, seq, seq);
        edgeHistory.run(session, e.id, seq, e.from, e.to, label, e.edge_type);
      }
      // Removals after adds: a node added and removed in one delta is gone.
      for (const id of delta.nodes_removed) {
        removal.run(session, "node", id, seq);
        removeNode.run(seq, session, id, seq);
      }
      for (const id of delta.edges_removed) {
        removal.run(session, "edge", id, seq);
        removeEdge.run(seq, session, id, seq);
      }
    },
  };
}

export type GraphWriter = ReturnType<typeof createGraphWriter>;
