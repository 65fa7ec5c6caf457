import "server-only";
import type { Combo } from "./combos";
import { auditColumns, type AuditColumns } from "./columns";
import { isBefore, type AuditFilter } from "./filter";
import { countsInRange, idBlocks, type TimeRange } from "./ranges";
import { NewestK } from "../core/newest-k";
import { AUDIT_COLUMNS, type AuditRow } from "./rows";
import { auditWhere } from "./where";
import { comboPass, pairPass } from "./facets";
import { textPage } from "./page-text";
import { TEXT_COUNT_BUDGET } from "./text-walk";
import type { ReadContext } from "../core/read-context";

/**
 * The audit page and its counts, for every filter but the intent one: counts per pair
 * (event and intent facts) from the in-memory columns (see columns.ts), then the page's events chosen by
 * the cheaper of two ways, and read by id. Full text walks its matches newest first and
 * may stop counting past `budget` of them (`exact` false: the counts are lower bounds).
 */
export function fromColumns(
  ctx: ReadContext,
  f: AuditFilter,
  combos: ReadonlyMap<number, Combo>,
  strategy: "auto" | "walk" | "scan" = "auto",
  budget = TEXT_COUNT_BUDGET,
): { counts: Int32Array; rows: AuditRow[]; exact: boolean } {
  const cols = auditColumns(ctx);
  const range: TimeRange = { from: f.from ?? -Infinity, to: f.to ?? Infinity };
  const want = f.limit + 1;
  const pass = pairPass(cols, combos, f);
  if (f.match !== undefined) {
    const text = textPage(ctx, cols, { ...f, match: f.match }, pass, budget);
    return { counts: text.counts, rows: rowsById(ctx, text.ids), exact: text.exact };
  }
  const counts = countsInRange(cols, range);
  let inRange = 0;
  let matching = 0;
  counts.forEach((n, p) => {
    inRange += n;
    if (pass[p] === 1) matching += n;
  });
  if (matching === 0) return { counts, rows: [], exact: true };
  // Walking audit_by_time from the newest reads about want × inRange / matching index
  // entries, at about a microsecond each; a scan of the columns costs a few nanoseconds
  // per event. Rare combinations are scanned, common ones walked.
  const walkRows = (want * inRange) / matching;
  const walks =
    strategy === "auto" ? walkRows <= Math.max(2_000, cols.end / 200) : strategy === "walk";
  if (walks) return { counts, rows: walk(ctx, f, combos, comboPass(combos, f)), exact: true };
  return { counts, rows: rowsById(ctx, scanNewest(cols, range, pass, f, want)), exact: true };
}

function scanNewest(
  cols: AuditColumns,
  range: TimeRange,
  pass: Uint8Array,
  f: AuditFilter,
  want: number,
): number[] {
  const newest = new NewestK(want);
  const { ts, pair } = cols;
  // Highest ids first, as above.
  for (const [start, stop] of [...idBlocks(cols, range)].reverse()) {
    for (let id = stop - 1; id >= start; id--) {
      if (pass[pair[id] ?? 0] !== 1) continue;
      const t = ts[id] ?? NaN;
      if (t >= range.from && t < range.to && isBefore(f.after, t, id)) newest.offer(t, id);
    }
  }
  return newest.ids();
}

/** The newest matching events straight from audit_by_time, which serves every filter. */
function walk(
  ctx: ReadContext,
  f: AuditFilter,
  combos: ReadonlyMap<number, Combo>,
  pass: Uint8Array,
): AuditRow[] {
  const where = auditWhere(f, combos, pass);
  if (!where) return [];
  if (f.after) where.add("(a.ts_ms, a.id) < (?, ?)", f.after[0], f.after[1]);
  return ctx
    .stmt<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events a INDEXED BY audit_by_time
      LEFT JOIN intents i ON i.id = a.intent_id
      ${where.sql} ORDER BY a.ts_ms DESC, a.id DESC LIMIT ?`,
    )
    .all(...where.params, f.limit + 1);
}

/** The events of these ids, in the given (list) order. */
function rowsById(ctx: ReadContext, ids: readonly number[]): AuditRow[] {
  if (ids.length === 0) return [];
  const found = ctx
    .stmt<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id
      WHERE a.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids));
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}
