import "server-only";
import { BLOCK, type AuditColumns } from "./columns";
import { SEAL } from "./sealed-blocks";

/** Event times in [from, to). */
export interface TimeRange {
  from: number;
  to: number;
}

export const ALL_TIME: TimeRange = { from: -Infinity, to: Infinity };

export function isAllTime(r: TimeRange): boolean {
  return r.from === -Infinity && r.to === Infinity;
}

/**
 * The ranges of event ids worth scanning for a time range: [start, stop, whole], where
 * `whole` says every event in it is inside the range. Blocks whose times all fall
 * outside are skipped, which is most of them for a recent range, as ids follow arrival.
 */
export function* idBlocks(c: AuditColumns, r: TimeRange): Generator<[number, number, boolean]> {
  for (let b = 0, start = 0; start < c.end; b++, start += BLOCK) {
    const lo = c.blockMin[b] ?? NaN;
    const hi = c.blockMax[b] ?? NaN;
    if (!(hi >= r.from && lo < r.to)) continue;
    yield [start, Math.min(start + BLOCK, c.end), lo >= r.from && hi < r.to];
  }
}

/**
 * Events per pair id in the range (index: pair id): each complete block of SEAL ids
 * inside it adds its rolled-up counts (seal-counts.ts); the rest is counted event by event.
 */
export function countsInRange(c: AuditColumns, r: TimeRange): Int32Array {
  if (isAllTime(r)) return c.totals.slice();
  const counts = new Int32Array(Math.max(c.totals.length, c.pairs.size));
  const { ts, pair, combo } = c;
  let skipTo = 0;
  for (const [start, stop, whole] of idBlocks(c, r)) {
    if (start < skipTo) continue;
    if (start % SEAL === 0 && c.sealed.addIfWithin(start / SEAL, r, counts)) {
      skipTo = start + SEAL;
      continue;
    }
    if (whole) {
      for (let id = start; id < stop; id++) {
        // Combo 0: no event has this id.
        if ((combo[id] ?? 0) !== 0) {
          const k = pair[id] ?? 0;
          counts[k] = (counts[k] ?? 0) + 1;
        }
      }
    } else {
      for (let id = start; id < stop; id++) {
        const t = ts[id] ?? NaN;
        if (t >= r.from && t < r.to) {
          const k = pair[id] ?? 0;
          counts[k] = (counts[k] ?? 0) + 1;
        }
      }
    }
  }
  return counts;
}
