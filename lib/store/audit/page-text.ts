import "server-only";
import { BLOCK, type AuditColumns } from "./columns";
import { isBefore, type AuditFilter } from "./filter";
import { NewestK } from "../core/newest-k";
import type { ReadContext } from "../core/read-context";
import type { TimeRange } from "./ranges";
import { idSpan, reachByBlock, textIdsDesc } from "./text-walk";

/** A full-text page: the page's ids, and events per pair over the matches counted. */
export interface TextPage {
  ids: number[];
  counts: Int32Array;
  /** False when the walk stopped before the oldest match: the counts are lower bounds. */
  exact: boolean;
}

/**
 * The newest `want` full-text matches that pass the filter, walking the matches from the
 * highest event id down and counting each (in the range) by pair for the total and
 * facets. Past `budget` matches read, the walk stops on entering a block once the page
 * is settled: the oldest event it holds is at least as new as anything in the blocks
 * left (their time summaries bound them), so no unread event can enter it or reorder it
 * (an unread event of the same time has a lower id, which the list puts after). The
 * page is then the same as a read of every match; only the counts are partial.
 */
export function textPage(
  ctx: ReadContext,
  cols: AuditColumns,
  f: AuditFilter & { match: string },
  pass: Uint8Array,
  budget: number,
): TextPage {
  const range: TimeRange = { from: f.from ?? -Infinity, to: f.to ?? Infinity };
  const [lo, hi] = idSpan(cols, range);
  const reach = reachByBlock(cols);
  const counts = new Int32Array(cols.pairs.size);
  const newest = new NewestK(f.limit + 1);
  const { ts, pair } = cols;
  let read = 0;
  let block = -1;
  for (const id of textIdsDesc(ctx, f.match, lo, hi)) {
    const b = Math.floor(id / BLOCK);
    if (b !== block) {
      block = b;
      const oldest = newest.fullAt();
      if (read >= budget && oldest !== undefined && oldest >= (reach[b] ?? Infinity))
        return { ids: newest.ids(), counts, exact: false };
    }
    read++;
    const t = ts[id] ?? NaN;
    if (!(t >= range.from && t < range.to)) continue;
    const p = pair[id] ?? 0;
    counts[p] = (counts[p] ?? 0) + 1;
    if (pass[p] === 1 && isBefore(f.after, t, id)) newest.offer(t, id);
  }
  return { ids: newest.ids(), counts, exact: true };
}
