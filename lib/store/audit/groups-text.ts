import "server-only";
import { BLOCK } from "./columns";
import { isBefore } from "./filter";
import { NewestK } from "../core/newest-k";
import type { ReadContext } from "../core/read-context";
import { passesFacts, type AuditSelection } from "./select";
import { idSpan, reachByBlock, textAmong, textIdsDesc } from "./text-walk";

/** The grouped view's page for a full-text query, and what it needs to show it. */
export interface TextGroups {
  /** The newest match of each of the k newest groups before the cursor, newest first. */
  lasts: number[];
  /** Groups among the matches read: every group's when `exact`, else a lower bound. */
  total: number;
  exact: boolean;
  /** Whether an event matches the whole filter; built for the shown groups' events. */
  matcher: (ids: readonly number[]) => (id: number) => boolean;
}

/**
 * Walks the full-text matches from the highest event id down, keeping each group's
 * newest match (as `newestGroups` in groups.ts does for the columns). Past `budget`
 * matches read it stops on entering a block once the page is settled: the k-th newest
 * group's newest match is at least as new as anything in the blocks left, so no unread
 * event can start a newer group or make a held one newer than it (one of the same time
 * has a lower id and sorts after). The shown groups' older events, below where the walk
 * stopped, are looked up by id (`matcher`), so their counts are exact either way.
 */
export function textGroups(
  ctx: ReadContext,
  sel: AuditSelection,
  first: Int32Array,
  match: string,
  k: number,
  after: readonly [number, number] | undefined,
  budget: number,
): TextGroups {
  const [lo, hi] = idSpan(sel.cols, sel.range);
  const reach = reachByBlock(sel.cols);
  const { ts } = sel.cols;
  // Group (its first event's id) → its newest match's id; matches read, highest first.
  const newest = new Map<number, number>();
  let seen = new Int32Array(1024);
  let seenCount = 0;
  const top = (): number[] => {
    const heap = new NewestK(k);
    for (const id of newest.values()) {
      const t = ts[id] ?? NaN;
      if (isBefore(after, t, id)) heap.offer(t, id);
    }
    return heap.ids();
  };
  let read = 0;
  let block = -1;
  // Settling is checked at most at every quarter more read: `top` costs a pass over the groups.
  let check = budget;
  let floor = lo;
  let exact = true;
  for (const id of textIdsDesc(ctx, match, lo, hi)) {
    const b = Math.floor(id / BLOCK);
    if (b !== block) {
      block = b;
      if (read >= check && newest.size >= k) {
        check = read + read / 4;
        // Groups at or after the cursor are not in `top`: it must hold k of its own.
        const page = top();
        const kth = page.length === k ? page.at(-1) : undefined;
        const t = kth === undefined ? NaN : (sel.cols.ts[kth] ?? NaN);
        if (t >= (reach[b] ?? Infinity)) {
          exact = false;
          floor = id + 1;
          break;
        }
      }
    }
    read++;
    if (!passesFacts(sel, id)) continue;
    if (seenCount === seen.length) {
      const more = new Int32Array(seen.length * 2);
      more.set(seen);
      seen = more;
    }
    seen[seenCount++] = id;
    const g = first[id] ?? 0;
    if (g === 0) continue;
    const t = ts[id] ?? NaN;
    const held = newest.get(g);
    const heldTs = held === undefined ? -Infinity : (ts[held] ?? NaN);
    // Ids come highest first: a held match of the same time has the higher id.
    if (held === undefined || t > heldTs) newest.set(g, id);
  }
  return {
    lasts: top(),
    total: newest.size,
    exact,
    matcher: (ids) => {
      // Every match in [floor, hi) was read; older events of the shown groups are asked.
      const older = textAmong(ctx, match, ids.filter((id) => id < floor));
      const read = new Set(ids.filter((id) => id >= floor && isRead(seen, seenCount, id)));
      return (id) => passesFacts(sel, id) && (id < floor ? older.has(id) : read.has(id));
    },
  };
}

/** Whether `id` is among the first `n` of `desc` (descending): a binary search. */
function isRead(desc: Int32Array, n: number, id: number): boolean {
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = desc[mid] ?? 0;
    if (v === id) return true;
    if (v > id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
