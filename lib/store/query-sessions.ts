import "server-only";
import type { SessionList, SessionSummary } from "@/lib/queries/sessions-schema";
import { encodeCursor } from "./page-cursor";
import { present, PRESENT } from "./query-graph";
import type { ReadContext } from "./read-context";
import { Where } from "./row-values";

export { sessionGraph, type SessionGraph } from "./query-graph";

export interface SessionFilter {
  /** The previous page's last session (order of first appearance). */
  after?: readonly [number];
  limit: number;
}
export type SessionPage = SessionList;

interface SessionRow {
  id: number;
  session_id: string;
  title: string | null;
  stream: string;
  first_seq: number;
  last_seq: number;
  first_ns: string | null;
  last_ns: string | null;
  request_id: string | null;
  deltas: number;
}

/**
 * Newest session first, keyed by order of first appearance, which never changes (a
 * session's last activity does, and would reorder pages under the reader's feet).
 */
export function listSessions(ctx: ReadContext, f: SessionFilter): SessionPage {
  const where = new Where();
  if (f.after) where.add("s.id < ?", f.after[0]);
  const sql = `SELECT s.id, s.session_id, s.title, s.stream, s.first_seq, s.last_seq, s.first_ns,
    s.last_ns, s.request_id, s.deltas FROM graph_sessions s ${where.sql} ORDER BY s.id DESC LIMIT ?`;
  return ctx.snapshot(() => {
    const rows = ctx.stmt<SessionRow>(sql).all(...where.params, f.limit + 1);
    const page = rows.slice(0, f.limit);
    const ids = JSON.stringify(page.map((r) => r.session_id));
    const statusCounts = new Map<string, Record<string, number>>();
    const nodeCounts = new Map<string, number>();
    for (const c of ctx
      .stmt<{ session_id: string; status: string; n: number }>(
        `SELECT session_id, coalesce(status, 'none') AS status, count(*) AS n FROM graph_nodes
         WHERE session_id IN (SELECT value FROM json_each(?)) AND ${PRESENT}
         GROUP BY session_id, status`,
      )
      .all(ids)) {
      const counts = statusCounts.get(c.session_id) ?? {};
      counts[c.status] = c.n;
      statusCounts.set(c.session_id, counts);
      nodeCounts.set(c.session_id, (nodeCounts.get(c.session_id) ?? 0) + c.n);
    }
    const edgeCounts = new Map<string, number>();
    for (const c of ctx
      .stmt<{ session_id: string; n: number }>(
        // Drawable edges only, as the graph answer gives them: both ends present.
        `SELECT e.session_id, count(*) AS n FROM graph_edges e
         JOIN graph_nodes f ON f.session_id = e.session_id AND f.node_id = e.from_id
         JOIN graph_nodes t ON t.session_id = e.session_id AND t.node_id = e.to_id
         WHERE e.session_id IN (SELECT value FROM json_each(?)) AND ${present("e")}
           AND ${present("f")} AND ${present("t")}
         GROUP BY e.session_id`,
      )
      .all(ids))
      edgeCounts.set(c.session_id, c.n);

    const items = page.map((r): SessionSummary => ({
      sessionId: r.session_id,
      title: r.title,
      stream: r.stream,
      firstSeq: r.first_seq,
      lastSeq: r.last_seq,
      firstNs: r.first_ns,
      lastNs: r.last_ns,
      requestId: r.request_id,
      deltas: r.deltas,
      nodes: nodeCounts.get(r.session_id) ?? 0,
      edges: edgeCounts.get(r.session_id) ?? 0,
      statusCounts: statusCounts.get(r.session_id) ?? {},
    }));
    const last = page.at(-1);
    return {
      items,
      nextCursor: rows.length > f.limit && last ? encodeCursor([last.id]) : null,
      seq: ctx.seqs(),
    };
  });
}
