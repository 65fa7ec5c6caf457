import "server-only";
import type { SessionList, SessionSummary } from "@/lib/contract/sessions";
import { encodeCursor } from "@/lib/contract/page-cursor";
import { present, PRESENT, sessionSource } from "./graph";
import type { ReadContext } from "../core/read-context";
import { Where } from "../core/row-values";

export { sessionGraph, type SessionGraph } from "./graph";

export type SessionState = "running" | "finished" | "failed";
export type SessionSort = "started" | "activity";

export interface SessionFilter {
  /**
   * The previous page's last session: [id] in "started" order (order of first
   * appearance), [last_seq, id] in "activity" order.
   */
  after?: readonly number[];
  limit: number;
  state?: SessionState;
  /** Part of the title, or the beginning of the session id. */
  text?: string;
  sort?: SessionSort;
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
  source: string;
  state: SessionState;
}

const FAILED = "('error', 'denied', 'timeout', 'killed')";
/**
 * Running while any present node is pending or running; else failed when any present
 * node failed; else finished.
 */
const STATE = `CASE
  WHEN EXISTS (SELECT 1 FROM graph_nodes n WHERE n.session_id = s.session_id
    AND n.status IN ('pending', 'running') AND ${present("n")}) THEN 'running'
  WHEN EXISTS (SELECT 1 FROM graph_nodes n WHERE n.session_id = s.session_id
    AND n.status IN ${FAILED} AND ${present("n")}) THEN 'failed'
  ELSE 'finished' END`;

/**
 * Newest session first, keyed by order of first appearance, which never changes (a
 * session's last activity does, and would reorder pages under the reader's feet).
 */
export function listSessions(ctx: ReadContext, f: SessionFilter): SessionPage {
  const where = new Where();
  const byActivity = f.sort === "activity";
  const [a0, a1] = f.after ?? [];
  if (byActivity && a0 !== undefined && a1 !== undefined)
    where.add("(s.last_seq < ? OR (s.last_seq = ? AND s.id < ?))", a0, a0, a1);
  else if (!byActivity && a0 !== undefined) where.add("s.id < ?", a0);
  if (f.state) where.add("s.state = ?", f.state);
  if (f.text)
    where.add("(instr(lower(coalesce(s.title, '')), lower(?)) > 0 OR substr(s.session_id, 1, length(?)) = ?)", f.text, f.text, f.text);
  const sql = `SELECT * FROM (SELECT s.id, s.session_id, s.title, s.stream, s.first_seq, s.last_seq,
    s.first_ns, s.last_ns, s.request_id, s.deltas, s.source, ${STATE} AS state FROM graph_sessions s) s
    ${where.sql} ORDER BY ${byActivity ? "s.last_seq DESC, s.id DESC" : "s.id DESC"} LIMIT ?`;
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
      source: sessionSource(r.source),
      title: r.title,
      stream: r.stream,
      firstSeq: r.first_seq,
      lastSeq: r.last_seq,
      firstNs: r.first_ns,
      lastNs: r.last_ns,
      requestId: r.request_id,
      deltas: r.deltas,
      state: r.state,
      nodes: nodeCounts.get(r.session_id) ?? 0,
      edges: edgeCounts.get(r.session_id) ?? 0,
      statusCounts: statusCounts.get(r.session_id) ?? {},
    }));
    const last = page.at(-1);
    return {
      items,
      nextCursor:
        rows.length > f.limit && last ? encodeCursor(byActivity ? [last.last_seq, last.id] : [last.id]) : null,
      seq: ctx.seqs(),
    };
  });
}

export interface SessionStateCounts {
  running: number;
  finished: number;
  failed: number;
  /** Running sessions whose first delta is older than the `startedBeforeNs` asked about. */
  runningSince: number;
}

/**
 * How many sessions are in each state now (the Sessions list's `state` filter counts the
 * same rows), and how many of the running ones began before a given instant.
 */
export function sessionStateCounts(ctx: ReadContext, startedBeforeNs: bigint): SessionStateCounts {
  return ctx.snapshot(() => {
    const out: SessionStateCounts = { running: 0, finished: 0, failed: 0, runningSince: 0 };
    const rows = ctx
      .stmt<{ state: SessionState; n: number; old: number }>(
        `SELECT state, count(*) AS n, coalesce(sum(first_ns IS NOT NULL AND CAST(first_ns AS INTEGER) < ?), 0) AS old
         FROM (SELECT s.first_ns, ${STATE} AS state FROM graph_sessions s) GROUP BY state`,
      )
      .all(startedBeforeNs);
    for (const r of rows) {
      out[r.state] = r.n;
      if (r.state === "running") out.runningSince = r.old;
    }
    return out;
  });
}
