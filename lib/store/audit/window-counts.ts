import "server-only";
import type { ReadContext } from "../core/read-context";
import { readCombos } from "./facets";
import type { AuditFilter } from "./filter";
import { auditWhere } from "./where";
import { AUDIT_DOC_SHIFT } from "../core/fts-docs";

/**
 * The rule's words, matched only among the documents of events `afterId < id <= throughId`.
 * An audit document's rowid is the event id shifted left (fts-docs.ts), so the range of ids
 * is a range of rowids, which FTS5 takes as a bound on its doclist walk: the match costs
 * what is new since the last tick, not every matching document of the history, which the
 * Audit page's `a.id IN (… MATCH ?)` would read on every tick.
 */
export function boundedAuditMatch(match: string, afterId: number, throughId: number): { sql: string; params: [string, number, number] } {
  // Exact as JS numbers: ids below 2^34 (fts-docs.ts) shifted by 19 stay under 2^53.
  const scale = 2 ** AUDIT_DOC_SHIFT;
  return {
    sql: `a.id IN (SELECT rowid >> ${AUDIT_DOC_SHIFT} FROM audit_fts WHERE audit_fts MATCH ? AND rowid >= ? AND rowid < ?)`,
    params: [match, (afterId + 1) * scale, (throughId + 1) * scale],
  };
}

export interface WindowCounts {
  /** The last event id this answer has seen: the next call starts after it. */
  throughId: number;
  /** Matching events per window (start of the window, epoch ms), of events with `afterId < id <= throughId`. */
  windows: { startMs: number; n: number }[];
}

/**
 * How many events match `f` in each `windowMs`-wide window (aligned to the epoch), among
 * the events indexed after event `afterId`: what an alert rule adds to its counts each
 * tick. The cost follows the events new since the last call (`a.id` is the primary key),
 * not the history; `sinceMs` bounds a first call to the windows still of interest. Same
 * filter as the Audit page's (auditWhere), so a rule counts what its query shows.
 */
export function auditWindowCounts(ctx: ReadContext, f: AuditFilter, o: { afterId: number; windowMs: number; sinceMs?: number }): WindowCounts {
  return ctx.snapshot(() => {
    const top = ctx.stmt<{ id: number | null }>("SELECT max(id) AS id FROM audit_events").get();
    const throughId = top?.id ?? 0;
    if (throughId <= o.afterId) return { throughId: o.afterId, windows: [] };
    const where = auditWhere({ ...f, match: undefined }, readCombos(ctx));
    if (!where) return { throughId, windows: [] };
    where.add("a.id > ?", o.afterId).add("a.id <= ?", throughId);
    if (f.match !== undefined) {
      const m = boundedAuditMatch(f.match, o.afterId, throughId);
      where.add(m.sql, ...m.params);
    }
    if (o.sinceMs !== undefined) where.add("a.ts_ms >= ?", o.sinceMs);
    const rows = ctx
      .stmt<{ w: number; n: number }>(
        `SELECT a.ts_ms - (a.ts_ms % ?) AS w, count(*) AS n
        FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id ${where.sql} GROUP BY w`,
      )
      .all(o.windowMs, ...where.params);
    return { throughId, windows: rows.map((r) => ({ startMs: r.w, n: r.n })) };
  });
}
