import "server-only";
import type { ReadContext } from "../core/read-context";
import { comboPass, hasIntentFilter, readCombos } from "./facets";
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
export function auditWindowCounts(ctx: ReadContext, f: AuditFilter, o: WindowOptions): WindowCounts {
  return ctx.snapshot(() => {
    const top = ctx.stmt<{ id: number | null }>("SELECT max(id) AS id FROM audit_events").get();
    const throughId = top?.id ?? 0;
    if (throughId <= o.afterId) return { throughId: o.afterId, windows: [] };
    return { throughId, windows: counted(ctx, f, o, throughId) };
  });
}

export interface WindowOptions {
  afterId: number;
  windowMs: number;
  sinceMs?: number;
}

/** A filter on the event's own facts only (decision, rule, executor, status, sandbox, channel): decided by its combo. */
const byComboOnly = (f: AuditFilter) => f.match === undefined && !hasIntentFilter(f) && f.intentId === undefined && f.from === undefined && f.to === undefined;

/**
 * `auditWindowCounts` of many filters over the same new events, in one snapshot (so with
 * one `throughId`). The filters on the event's own facts — most alert rules — are counted
 * from one pass over the new events grouped by window and combo, each summing the combos
 * it passes, instead of one pass each; the others (words, the intent's facts) run alone.
 */
export function auditWindowCountsMany(ctx: ReadContext, filters: readonly AuditFilter[], o: WindowOptions): WindowCounts[] {
  return ctx.snapshot(() => {
    const top = ctx.stmt<{ id: number | null }>("SELECT max(id) AS id FROM audit_events").get();
    const throughId = top?.id ?? 0;
    if (throughId <= o.afterId) return filters.map(() => ({ throughId: o.afterId, windows: [] }));
    const simple = filters.filter(byComboOnly);
    const rows =
      simple.length > 1
        ? ctx
            .stmt<{ w: number; combo: number; n: number }>(
              `SELECT ts_ms - (ts_ms % ?) AS w, combo, count(*) AS n FROM audit_events
              WHERE id > ? AND id <= ? AND ts_ms >= ? GROUP BY w, combo`,
            )
            .all(o.windowMs, o.afterId, throughId, o.sinceMs ?? Number.MIN_SAFE_INTEGER)
        : [];
    const combos = rows.length > 0 ? readCombos(ctx) : new Map();
    return filters.map((f) => {
      if (simple.length <= 1 || !byComboOnly(f)) return { throughId, windows: counted(ctx, f, o, throughId) };
      const pass = comboPass(combos, f);
      const by = new Map<number, number>();
      for (const r of rows) if (pass[r.combo] === 1) by.set(r.w, (by.get(r.w) ?? 0) + r.n);
      return { throughId, windows: [...by].map(([startMs, n]) => ({ startMs, n })) };
    });
  });
}

/** One filter's counts per window among the events `afterId < id <= throughId`. */
function counted(ctx: ReadContext, f: AuditFilter, o: WindowOptions, throughId: number): WindowCounts["windows"] {
  const where = auditWhere({ ...f, match: undefined }, readCombos(ctx));
  if (!where) return [];
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
  return rows.map((r) => ({ startMs: r.w, n: r.n }));
}
