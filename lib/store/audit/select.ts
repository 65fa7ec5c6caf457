import "server-only";
import { auditColumns, BLOCK, type AuditColumns } from "./columns";
import { theValue, type AuditFilter } from "./filter";
import { idBlocks, type TimeRange } from "./ranges";
import { pairPass, readCombos, textMatches } from "./facets";
import { idSpan, textAmong } from "./text-walk";
import type { ReadContext } from "../core/read-context";

/**
 * The events a filter matches, as the in-memory columns see them: what the histogram,
 * the intent groups and the export walk through. The same sets the list's `total` and
 * facets count (pair pass bits, time range, full-text and intent ids), so the numbers
 * agree. Build and walk it inside one `ctx.snapshot`: the columns are the connection's
 * and move on with the next read.
 */
export interface AuditSelection {
  readonly cols: AuditColumns;
  /** By pair id: 1 when the pair passes every filter on facts. */
  readonly pass: Uint8Array;
  readonly range: TimeRange;
  /** Ascending ids the text and intent filters allow; null when neither is given. */
  readonly only: Float64Array | null;
}

/**
 * The selection for a filter. Full text is read only over the blocks the time range
 * touches, and for one intent only among its events; `text: false` leaves full text to
 * the caller (the grouped view walks it newest first, see groups-text.ts).
 */
export function selectAudit(
  ctx: ReadContext,
  f: AuditFilter,
  { text = true }: { text?: boolean } = {},
): AuditSelection {
  const combos = readCombos(ctx);
  const cols = auditColumns(ctx);
  const range = { from: f.from ?? -Infinity, to: f.to ?? Infinity };
  let only: Float64Array | null = null;
  const intentId = theValue(f.intentId);
  if (intentId !== undefined) {
    let ids =
      intentId === null
        ? []
        : ctx.stmt<number>("SELECT id FROM audit_events WHERE intent_id = ? ORDER BY id").pluck().all(intentId);
    if (f.match !== undefined) {
      const hits = textAmong(ctx, f.match, ids);
      ids = ids.filter((id) => hits.has(id));
    }
    only = Float64Array.from(ids);
  } else if (f.match !== undefined && text) {
    only = textMatches(ctx, f.match, idSpan(cols, range)).ids;
  }
  return { cols, pass: pairPass(cols, combos, f), range, only };
}

/** Whether an event passes the selection's facts and time (not its id restriction). */
export function passesFacts(sel: AuditSelection, id: number): boolean {
  const ts = sel.cols.ts[id] ?? NaN;
  return (
    id < sel.cols.end &&
    sel.pass[sel.cols.pair[id] ?? 0] === 1 &&
    ts >= sel.range.from &&
    ts < sel.range.to
  );
}

/** Whether the event is one of the selection's matches. */
export function isMatch(sel: AuditSelection, id: number): boolean {
  if (!passesFacts(sel, id)) return false;
  if (sel.only === null) return true;
  // Binary search: `only` is ascending.
  let lo = 0;
  let hi = sel.only.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sel.only[mid] ?? 0;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Calls `fn(id, ts)` for every match, in ascending id order. */
export function eachMatch(sel: AuditSelection, fn: (id: number, ts: number) => void): void {
  const { ts, pair } = sel.cols;
  if (sel.only) {
    for (const id of sel.only) if (passesFacts(sel, id)) fn(id, ts[id] ?? 0);
    return;
  }
  const { pass, range } = sel;
  for (const [start, stop, whole] of idBlocks(sel.cols, range)) {
    for (let id = start; id < stop; id++) {
      if (pass[pair[id] ?? 0] !== 1) continue;
      const t = ts[id] ?? NaN;
      // Holes (no event with this id) have no time and fail both tests.
      if (whole ? !Number.isNaN(t) : t >= range.from && t < range.to) fn(id, t);
    }
  }
}

/** Every match's id, newest first (the list's order: time, then id, descending). */
export function matchIdsNewestFirst(sel: AuditSelection): Int32Array {
  const { ts, pair, blockCount } = sel.cols;
  // One pass into room for every event of the blocks the range touches (an upper bound),
  // in ascending id order; reversed below.
  let ids: Int32Array;
  let n = 0;
  if (sel.only) {
    ids = new Int32Array(sel.only.length);
    for (const id of sel.only) if (passesFacts(sel, id)) ids[n++] = id;
  } else {
    const blocks = [...idBlocks(sel.cols, sel.range)];
    let room = 0;
    for (const [start] of blocks) room += blockCount[start / BLOCK] ?? 0;
    ids = new Int32Array(room);
    const { pass, range } = sel;
    for (const [start, stop, whole] of blocks) {
      for (let id = start; id < stop; id++) {
        if (pass[pair[id] ?? 0] !== 1) continue;
        const t = ts[id] ?? NaN;
        if (whole ? !Number.isNaN(t) : t >= range.from && t < range.to) ids[n++] = id;
      }
    }
  }
  ids = ids.subarray(0, n).reverse();
  // Ids follow arrival, so most exports are already in order once reversed; the sort
  // below is only paid for when they are not (imported history, clock skew).
  let sorted = true;
  let prevTs = Infinity;
  for (let i = 0; i < n && sorted; i++) {
    const t = ts[ids[i] ?? 0] ?? 0;
    if (t > prevTs) sorted = false;
    prevTs = t;
  }
  if (!sorted) ids.sort((a, b) => (ts[b] ?? 0) - (ts[a] ?? 0) || b - a);
  return ids;
}
