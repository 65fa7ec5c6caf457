import "server-only";
import type { GraphDelta } from "@/lib/protocol/smith-events";
import { nodeIntentId } from "@/lib/protocol/smith-graph";
import type { Db } from "../core/db";
import type { IngestRecord } from "../core/types";
import { jsonText } from "../core/values";

/** A session's row as the deltas of one batch leave it. */
interface SessionUpdate {
  session: string;
  stream: string;
  firstSeq: number;
  lastSeq: number;
  firstNs: string | null;
  lastNs: string | null;
  request: string | null;
  title: string | null;
  deltas: number;
  source: GraphSource;
}

/** What a session's graph is drawn from: GraphDelta envelopes, or a planner workflow's events. */
export type GraphSource = "graph-delta" | "planner";

/** A node's latest state in one batch, and the seq of its first version to arrive. */
type NodeUpdate = [
  session: string,
  node: string,
  label: string,
  type: string,
  status: string | null,
  intent: string | null,
  meta: string,
  addedSeq: number,
  updatedSeq: number,
];

/**
 * Applies GraphDelta envelopes. Adds and removals are guarded by seq, so a delta that
 * reaches the index after a newer one (a redelivery out of order) never overwrites the
 * newer state; the history rows make every version reachable for time travel anyway.
 * Within one delta a node listed twice ends in its last state, as Smith replaces it.
 *
 * A session's deltas come in runs, and a node changes state several times in a run
 * (about 2.3 versions per node in a batch of the demo's): the latest-state rows of
 * sessions and nodes are therefore gathered over the batch and written once each by
 * `flush`, with the same result as one upsert per delta (the first arrival's seq on
 * insert, the latest state by seq after). History rows are written as they come. A removal first writes
 * its node's gathered state, so that it applies to the row exactly as it would have.
 */
export function createGraphWriter(db: Db) {
  const upsertSession = db.prepare(`INSERT INTO graph_sessions
      (session_id, stream, first_seq, last_seq, first_ns, last_ns, request_id, title, deltas, source)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (session_id) DO UPDATE SET
      first_ns = CASE WHEN excluded.first_seq < first_seq THEN excluded.first_ns ELSE first_ns END,
      first_seq = min(first_seq, excluded.first_seq),
      last_ns = CASE WHEN excluded.last_seq > last_seq THEN excluded.last_ns ELSE last_ns END,
      last_seq = max(last_seq, excluded.last_seq),
      request_id = coalesce(request_id, excluded.request_id),
      title = coalesce(title, excluded.title),
      deltas = deltas + excluded.deltas`);
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

  const sessions = new Map<string, SessionUpdate>();
  const nodes = new Map<string, NodeUpdate>();
  const nodeKey = (session: string, node: string) => `${session}\u0000${node}`;

  function noteSession(r: IngestRecord, session: string, delta: GraphDelta, source: GraphSource): void {
    const seq = r.seq;
    const ns = r.publishedAtNs?.toString() ?? null;
    const request = delta.request_id ?? null;
    const title = delta.nodes_added[0]?.label ?? null;
    const s = sessions.get(session);
    if (!s) {
      sessions.set(session, {
        session,
        stream: r.stream,
        firstSeq: seq,
        lastSeq: seq,
        firstNs: ns,
        lastNs: ns,
        request,
        title,
        deltas: 1,
        source,
      });
      return;
    }
    // As the upsert would: the first request and title to arrive stay.
    s.request ??= request;
    s.title ??= title;
    if (seq < s.firstSeq) {
      s.firstSeq = seq;
      s.firstNs = ns;
    }
    if (seq > s.lastSeq) {
      s.lastSeq = seq;
      s.lastNs = ns;
    }
    s.deltas++;
  }

  function noteNode(u: NodeUpdate): void {
    const key = nodeKey(u[0], u[1]);
    const had = nodes.get(key);
    if (!had) {
      nodes.set(key, u);
    } else if (u[8] >= had[8]) {
      // An insert keeps the seq of the version that arrived first.
      u[7] = had[7];
      nodes.set(key, u);
    }
  }

  function writeNode(session: string, node: string): void {
    const key = nodeKey(session, node);
    const u = nodes.get(key);
    if (!u) return;
    upsertNode.run(...u);
    nodes.delete(key);
  }

  function flush(): void {
    for (const s of sessions.values()) {
      upsertSession.run(
        s.session,
        s.stream,
        s.firstSeq,
        s.lastSeq,
        s.firstNs,
        s.lastNs,
        s.request,
        s.title,
        s.deltas,
        s.source,
      );
    }
    for (const u of nodes.values()) upsertNode.run(...u);
    sessions.clear();
    nodes.clear();
  }

  return {
    /** `gather` false writes through (a record isolated by a savepoint must leave nothing behind). */
    apply(r: IngestRecord, session: string, delta: GraphDelta, gather = true, source: GraphSource = "graph-delta"): void {
      const seq = r.seq;
      noteSession(r, session, delta, source);
      for (const n of delta.nodes_added) {
        const status = n.metadata.status ?? null;
        const intent = nodeIntentId(n);
        const meta = jsonText(n.metadata);
        noteNode([session, n.id, n.label, n.node_type, status, intent, meta, seq, seq]);
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
        writeNode(session, id);
        removeNode.run(seq, session, id, seq);
      }
      for (const id of delta.edges_removed) {
        removal.run(session, "edge", id, seq);
        removeEdge.run(seq, session, id, seq);
      }
      if (!gather) flush();
    },

    /** Writes the gathered rows; called last in the batch, inside its transaction. */
    flush,

    /** After a rollback: what was gathered is gone with it. */
    discard(): void {
      sessions.clear();
      nodes.clear();
    },
  };
}

export type GraphWriter = ReturnType<typeof createGraphWriter>;
