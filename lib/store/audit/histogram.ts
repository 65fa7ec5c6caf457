import "server-only";
import type { AuditHistogram } from "@/lib/contract/audit";
import type { AuditFilter } from "./filter";
import { BLOCK } from "./columns";
import { idBlocks } from "./ranges";
import { eachMatch, selectAudit, type AuditSelection } from "./select";
import type { ReadContext } from "../core/read-context";

const HOUR_MS = 3_600_000;

/**
 * The range a histogram spans: the filter's, an open end closed by the matching events'
 * earliest / latest time (so the default view never cuts live data off), or by now and
 * an hour when nothing matches.
 */
function spanOf(f: AuditFilter, min: number, max: number, now: number): [number, number] {
  const any = min <= max;
  let to = f.to ?? (any ? max + 1 : Math.max(now, (f.from ?? -Infinity) + HOUR_MS));
  const from = f.from ?? (any ? min : to - HOUR_MS);
  if (f.to === undefined && to <= from) to = from + 1;
  return [from, to];
}

/** Matching events per bucket over the range; the counts sum to the list's total. */
export function auditHistogram(
  ctx: ReadContext,
  f: AuditFilter,
  buckets: number,
  now = Date.now(),
): AuditHistogram {
  return ctx.snapshot(() => {
    const seq = ctx.seqs();
    const sel = selectAudit(ctx, f);
    const [min, max] = f.from === undefined || f.to === undefined ? extremes(sel) : [0, 0];
    const [fromMs, toMs] = spanOf(f, min, max, now);
    const span = Math.max(1, toMs - fromMs);
    const bucketMs = Math.max(1, Math.ceil(span / buckets));
    const counts = new Array<number>(Math.max(1, Math.ceil(span / bucketMs))).fill(0);
    const total = countInto(sel, fromMs, bucketMs, counts);
    return { fromMs, toMs, bucketMs, counts, total, seq };
  });
}

/** The earliest and latest match's time; [Infinity, -Infinity] when none. */
function extremes(sel: AuditSelection): [number, number] {
  if (!sel.only) return [extreme(sel, -1), extreme(sel, 1)];
  // Full text or one intent: the matches are in hand, one pass over them.
  let min = Infinity;
  let max = -Infinity;
  eachMatch(sel, (_id, t) => {
    if (t < min) min = t;
    if (t > max) max = t;
  });
  return [min, max];
}

/**
 * Over the blocks (no id list): the earliest (dir -1) or latest (dir 1) match's time;
 * ±Infinity when none. Blocks are read in the order of their time summary, best first,
 * until no block left can hold a better time: one or a few blocks, where a scan of every
 * match cost a pass over the history.
 */
function extreme(sel: AuditSelection, dir: 1 | -1): number {
  let best = -dir * Infinity;
  const better = (t: number) => (dir === 1 ? t > best : t < best);
  const { ts, pair, blockMin, blockMax } = sel.cols;
  const { pass, range } = sel;
  const bound = (start: number) => (dir === 1 ? blockMax : blockMin)[start / BLOCK] ?? NaN;
  const blocks = [...idBlocks(sel.cols, range)].sort((a, b) => dir * (bound(b[0]) - bound(a[0])));
  for (const [start, stop] of blocks) {
    // Times beyond the range may make a block's bound look better than its matches can be.
    if (!better(Math.min(Math.max(bound(start), range.from), range.to))) break;
    for (let id = start; id < stop; id++) {
      if (pass[pair[id] ?? 0] !== 1) continue;
      const t = ts[id] ?? NaN;
      if (t >= range.from && t < range.to && better(t)) best = t;
    }
  }
  return best;
}

/**
 * Counts the matches into buckets of `bucketMs` from `fromMs`; returns how many. With no
 * filter on facts, a block whose times all fall in one bucket adds its event count at
 * once: an all-time histogram then costs a step per block, not per event.
 */
function countInto(sel: AuditSelection, fromMs: number, bucketMs: number, counts: number[]): number {
  const { ts, pair, blockMin, blockMax, blockCount } = sel.cols;
  const { pass, range } = sel;
  const bucket = (t: number) => Math.floor((t - fromMs) / bucketMs);
  let total = 0;
  if (sel.only) {
    eachMatch(sel, (_id, t) => {
      const b = bucket(t);
      counts[b] = (counts[b] ?? 0) + 1;
      total++;
    });
    return total;
  }
  const everyPair = pass.every((p) => p === 1);
  for (const [start, stop, whole] of idBlocks(sel.cols, range)) {
    const blk = start / BLOCK;
    const lo = bucket(blockMin[blk] ?? NaN);
    if (everyPair && whole && lo === bucket(blockMax[blk] ?? NaN)) {
      const n = blockCount[blk] ?? 0;
      counts[lo] = (counts[lo] ?? 0) + n;
      total += n;
      continue;
    }
    for (let id = start; id < stop; id++) {
      if (pass[pair[id] ?? 0] !== 1) continue;
      const t = ts[id] ?? NaN;
      if (t >= range.from && t < range.to) {
        const b = bucket(t);
        counts[b] = (counts[b] ?? 0) + 1;
        total++;
      }
    }
  }
  return total;
}
