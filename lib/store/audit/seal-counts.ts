import "server-only";
import { SEAL } from "./sealed-blocks";

/**
 * Events per pair for each complete block of SEAL ids, with the block's time span: a
 * range's counts add whole blocks' counts instead of visiting each event (a day of a
 * busy platform is most of a million events; the blocks inside it are a dozen sums of
 * one entry per pair). Kept exact as events move pair when their intent is indexed.
 */
export class SealCounts {
  readonly #counts: (Int32Array | undefined)[] = [];
  readonly #min: number[] = [];
  readonly #max: number[] = [];
  /** Blocks below this one are rolled up. */
  #rolled = 0;

  /** Rolls up every block below `end` (one past the highest id) not yet rolled: ids only grow. */
  rollComplete(end: number, ts: Float64Array, combo: Int32Array, pair: Int32Array, pairs: number): void {
    for (; (this.#rolled + 1) * SEAL < end; this.#rolled++) {
      const b = this.#rolled;
      const counts = new Int32Array(pairs);
      let min = Infinity;
      let max = -Infinity;
      for (let id = b * SEAL; id < (b + 1) * SEAL; id++) {
        // Combo 0: no event has this id.
        if ((combo[id] ?? 0) === 0) continue;
        const p = pair[id] ?? 0;
        counts[p] = (counts[p] ?? 0) + 1;
        const t = ts[id] ?? NaN;
        if (t < min) min = t;
        if (t > max) max = t;
      }
      this.#counts[b] = counts;
      this.#min[b] = min;
      this.#max[b] = max;
    }
  }

  /** An event moved from one pair to another (its intent's facts became known). */
  move(id: number, from: number, to: number): void {
    const b = Math.floor(id / SEAL);
    let counts = this.#counts[b];
    if (!counts) return;
    if (to >= counts.length) {
      const grown = new Int32Array(Math.max(to + 1, counts.length * 2));
      grown.set(counts);
      counts = grown;
      this.#counts[b] = counts;
    }
    counts[from] = (counts[from] ?? 0) - 1;
    counts[to] = (counts[to] ?? 0) + 1;
  }

  /** Adds block b's counts into `into` when it is rolled up and all its times are in the range. */
  addIfWithin(b: number, r: { from: number; to: number }, into: Int32Array): boolean {
    const counts = this.#counts[b];
    const min = this.#min[b] ?? NaN;
    const max = this.#max[b] ?? NaN;
    if (!counts || !(min >= r.from && max < r.to)) return false;
    for (let p = 0; p < counts.length; p++) into[p] = (into[p] ?? 0) + (counts[p] ?? 0);
    return true;
  }
}
