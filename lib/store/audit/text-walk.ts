import "server-only";
import { BLOCK, type AuditColumns } from "./columns";
import { idBlocks, isAllTime, type TimeRange } from "./ranges";
import { AUDIT_DOC_SHIFT } from "../core/fts-docs";
import type { ReadContext } from "../core/read-context";

/**
 * How many full-text matches a newest-first answer reads before it may stop counting:
 * below it the total and facets are exact; past it the walk stops once the page is
 * settled and the counts it has are lower bounds (the answer says so). A common word
 * matches one event in twelve, so without it a page read every match of the history.
 */
export const TEXT_COUNT_BUDGET = 20_000;

const SHIFT = AUDIT_DOC_SHIFT;

/**
 * Event ids [lo, hi) of the blocks a time range touches: the only events that can be in
 * it, so a full-text read of a range reads the documents of those blocks alone (a
 * document's rowid starts with its event id, see fts-docs.ts).
 */
export function idSpan(cols: AuditColumns, r: TimeRange): [number, number] {
  if (isAllTime(r)) return [0, cols.end];
  let lo = Infinity;
  let hi = 0;
  for (const [start, stop] of idBlocks(cols, r)) {
    if (start < lo) lo = start;
    hi = stop;
  }
  return lo < hi ? [lo, hi] : [0, 0];
}

/**
 * By block b: the newest time of any event in blocks 0..b. A walk down the ids that has
 * reached block b can meet nothing newer than this, which is when a newest-first page
 * may stop (ids follow arrival, so it is mostly the block's own newest time).
 */
export function reachByBlock(cols: AuditColumns): Float64Array {
  const blocks = Math.ceil(cols.end / BLOCK);
  const reach = new Float64Array(blocks);
  let max = -Infinity;
  for (let b = 0; b < blocks; b++) {
    const hi = cols.blockMax[b] ?? NaN;
    if (hi > max) max = hi;
    reach[b] = max;
  }
  return reach;
}

/**
 * The event ids whose current or earlier document matches, in [lo, hi), highest first,
 * each once. Read by chunks in rowid order descending (FTS5 seeks its doclists there),
 * growing from a few hundred, so that a caller that stops early read little more than
 * it used, and one that does not pays a statement's start per 8,192 matches.
 */
export function* textIdsDesc(
  ctx: ReadContext,
  match: string,
  lo: number,
  hi: number,
): Generator<number, void, undefined> {
  const stmt = ctx
    .stmt<number>(
      `SELECT rowid >> ${SHIFT} FROM audit_fts WHERE audit_fts MATCH ?
      AND rowid >= (? << ${SHIFT}) AND rowid < (? << ${SHIFT}) ORDER BY rowid DESC LIMIT ?`,
    )
    .pluck();
  let below = hi;
  let chunk = 512;
  while (below > lo) {
    const ids = stmt.all(match, lo, below, chunk);
    let last = -1;
    for (const id of ids) {
      if (id === last) continue;
      last = id;
      yield id;
    }
    if (ids.length < chunk || last < 0) return;
    // The last event's other versions (adjacent, lower rowids) are skipped: it was given.
    below = last;
    // Doubling to a cap: a walk stopped at the budget reads at most a chunk past it.
    chunk = Math.min(chunk * 2, 8_192);
  }
}

/**
 * Which of these event ids have a matching document: one read per run of nearby ids
 * (a gap of a block starts another), so a few groups' events cost a few seeks, not a
 * read of every match.
 */
export function textAmong(ctx: ReadContext, match: string, ids: readonly number[]): Set<number> {
  const wanted = new Set(ids);
  const out = new Set<number>();
  const sorted = [...wanted].sort((a, b) => a - b);
  const stmt = ctx
    .stmt<number>(
      `SELECT rowid >> ${SHIFT} FROM audit_fts WHERE audit_fts MATCH ?
      AND rowid >= (? << ${SHIFT}) AND rowid < (? << ${SHIFT})`,
    )
    .pluck();
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i] ?? 0;
    let stop = start + 1;
    for (i++; i < sorted.length && (sorted[i] ?? 0) < stop + BLOCK; i++) stop = (sorted[i] ?? 0) + 1;
    for (const id of stmt.all(match, start, stop)) if (wanted.has(id)) out.add(id);
  }
  return out;
}
