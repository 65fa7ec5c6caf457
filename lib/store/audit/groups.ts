import "server-only";
import type { AuditGroup, AuditGroups } from "@/lib/contract/audit";
import { eventIdsOf, groupDetails, intentIds } from "./groups-details";
import type { AuditFilter } from "./filter";
import { intentColumn } from "./intent-column";
import { textGroups } from "./groups-text";
import { TEXT_COUNT_BUDGET } from "./text-walk";
import { eachMatch, isMatch, selectAudit, type AuditSelection } from "./select";
import { BLOCK } from "./columns";
import { idBlocks, isAllTime } from "./ranges";
import { NewestK } from "../core/newest-k";
import { encodeCursor } from "@/lib/contract/page-cursor";
import type { ReadContext } from "../core/read-context";

/**
 * The matching events grouped by intent, newest group (by its newest match) first, paged
 * by that newest match's (time, id). The page walks the matches newest first and stops
 * once no older event can change it (see `newestGroups`); the shown groups' counts come
 * from their own events, read from SQLite with their details; the total is one pass over
 * the matches' group numbers, or a count kept as events arrive when nothing is filtered.
 * Full text walks its matches newest first (groups-text.ts): past `budget` matches the
 * total is the groups of those read, said to be a lower bound.
 */
export function auditGroups(
  ctx: ReadContext,
  f: AuditFilter,
  budget = TEXT_COUNT_BUDGET,
): AuditGroups {
  return ctx.snapshot(() => {
    const seq = ctx.seqs();
    // Full text (not for one intent, which selectAudit reads among its events) is walked
    // newest first by textGroups rather than read whole.
    const walksText = f.match !== undefined && f.intentId === undefined;
    const sel = selectAudit(ctx, f, { text: !walksText });
    const groups = intentColumn(ctx, sel.cols);
    const text =
      walksText && f.match !== undefined
        ? textGroups(ctx, sel, groups.first, f.match, f.limit + 1, f.after, budget)
        : null;
    const lasts = text ? text.lasts : newestGroups(sel, groups.first, f.limit + 1, f.after);
    const shown = lasts.slice(0, f.limit);
    const intentOf = intentIds(ctx, shown);
    const intents = [...intentOf.values()];
    const matches = text
      ? text.matcher(eventIdsOf(ctx, intents))
      : (id: number) => isMatch(sel, id);
    const details = groupDetails(ctx, intents, matches);
    const items = shown.flatMap((last): AuditGroup[] => {
      const d = details.get(intentOf.get(last) ?? "");
      return d ? [d] : [];
    });
    const lastShown = shown.at(-1);
    const total = text
      ? text.total
      : selectsAll(sel)
        ? groups.count
        : distinctGroups(sel, groups.first);
    return {
      items,
      nextCursor:
        lasts.length > f.limit && lastShown !== undefined
          ? encodeCursor([sel.cols.ts[lastShown] ?? 0, lastShown])
          : null,
      seq,
      total,
      ...(text && !text.exact ? { totalIsLowerBound: true as const } : {}),
    };
  });
}

/** Whether the selection is every event (no filter, all time). */
function selectsAll(sel: AuditSelection): boolean {
  return sel.only === null && isAllTime(sel.range) && sel.pass.every((p) => p === 1);
}

/** How many groups the matches fall into: a bit per group, set as matches are passed. */
function distinctGroups(sel: AuditSelection, first: Int32Array): number {
  const seen = new Uint8Array(sel.cols.end);
  let total = 0;
  eachMatch(sel, (id) => {
    const g = first[id] ?? 0;
    if (g !== 0 && seen[g] === 0) {
      seen[g] = 1;
      total++;
    }
  });
  return total;
}

/**
 * The last (newest) match of each of the `k` newest groups before the cursor, newest
 * first. Matches are walked from the highest id down (ids follow arrival, so mostly
 * newest first) keeping each group's newest match; the walk stops once the k-th newest
 * group's newest match is newer than every event not yet walked (the block time
 * summaries bound them), as no older event can then change the page. A group whose
 * newest match is at or after the cursor was on an earlier page and is left out.
 */
function newestGroups(
  sel: AuditSelection,
  first: Int32Array,
  k: number,
  after: readonly [number, number] | undefined,
): number[] {
  const newest = new Map<number, [number, number]>();
  const [at, aid] = after ?? [Infinity, Infinity];
  const below = (t: number, id: number) => t < at || (t === at && id < aid);
  const top = (): number[] => {
    const heap = new NewestK(k);
    for (const [t, id] of newest.values()) if (below(t, id)) heap.offer(t, id);
    return heap.ids();
  };
  const offer = (id: number, t: number) => {
    const g = first[id] ?? 0;
    if (g === 0) return;
    const held = newest.get(g);
    if (!held || t > held[0] || (t === held[0] && id > held[1])) newest.set(g, [t, id]);
  };
  if (sel.only) {
    for (let i = sel.only.length - 1; i >= 0; i--) {
      const id = sel.only[i] ?? 0;
      if (isMatch(sel, id)) offer(id, sel.cols.ts[id] ?? 0);
    }
    return top();
  }
  const blocks = [...idBlocks(sel.cols, sel.range)];
  // Newest time of blocks [0, b), so that the walk knows how new the rest can be.
  const olderMax = new Float64Array(blocks.length + 1).fill(-Infinity);
  blocks.forEach(([start], b) => {
    const hi = sel.cols.blockMax[Math.floor(start / BLOCK)] ?? -Infinity;
    olderMax[b + 1] = Math.max(olderMax[b] ?? -Infinity, hi);
  });
  let page: number[] = [];
  for (let b = blocks.length - 1; b >= 0; b--) {
    const [start, stop] = blocks[b] ?? [0, 0];
    const { ts, pair } = sel.cols;
    for (let id = stop - 1; id >= start; id--) {
      if (sel.pass[pair[id] ?? 0] !== 1) continue;
      const t = ts[id] ?? NaN;
      if (t >= sel.range.from && t < sel.range.to) offer(id, t);
    }
    if (newest.size < k) continue;
    page = top();
    const kth = page.at(-1);
    if (page.length === k && kth !== undefined && (sel.cols.ts[kth] ?? 0) > (olderMax[b] ?? -Infinity)) return page;
  }
  return top();
}
