import "server-only";
import { BLOCK } from "./columns";

/**
 * Event ids met highest first, given back in the list's order (time, then id, both
 * descending) as soon as each one's place is certain. Ids follow arrival, so a walk down
 * the ids meets time in order but for stragglers: imported history, clock skew, events
 * that reach Pilot late. `reach[b]` (text-walk.ts's reachByBlock) is the newest time of
 * blocks 0..b; once the walk is in block b, nothing it has yet to meet is newer than
 * that, so what it holds at or above it goes out (a tie goes first: every id still to
 * come is lower). Memory is what waits, which is one block's worth for a log in time
 * order and everything only in the worst case (then the order is still right).
 */
export function* inListOrder(
  idsDesc: Iterable<number>,
  ts: Float64Array,
  reach: Float64Array,
): Generator<number, void, undefined> {
  const waiting = new NewestFirstHeap(ts);
  let block = Infinity;
  for (const id of idsDesc) {
    const b = Math.floor(id / BLOCK);
    if (b < block) {
      block = b;
      const bound = reach[b] ?? -Infinity;
      while (waiting.size > 0 && waiting.topTime() >= bound) yield waiting.pop();
    }
    waiting.push(id);
  }
  while (waiting.size > 0) yield waiting.pop();
}

/** A binary heap of event ids whose root is the first in the list's order. */
class NewestFirstHeap {
  readonly #ids: number[] = [];
  readonly #ts: Float64Array;

  constructor(ts: Float64Array) {
    this.#ts = ts;
  }

  get size(): number {
    return this.#ids.length;
  }

  topTime(): number {
    return this.#ts[this.#ids[0] ?? 0] ?? NaN;
  }

  /** Does id a come before id b in the list? */
  #before(a: number, b: number): boolean {
    const ta = this.#ts[a] ?? NaN;
    const tb = this.#ts[b] ?? NaN;
    return ta > tb || (ta === tb && a > b);
  }

  push(id: number): void {
    const h = this.#ids;
    h.push(id);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      const p = h[parent] ?? 0;
      if (!this.#before(id, p)) break;
      h[i] = p;
      h[parent] = id;
      i = parent;
    }
  }

  pop(): number {
    const h = this.#ids;
    const top = h[0] ?? 0;
    const last = h.pop() ?? 0;
    if (h.length === 0) return top;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let first = i;
      if (l < h.length && this.#before(h[l] ?? 0, h[first] ?? 0)) first = l;
      if (r < h.length && this.#before(h[r] ?? 0, h[first] ?? 0)) first = r;
      if (first === i) return top;
      h[i] = h[first] ?? 0;
      h[first] = last;
      i = first;
    }
  }
}
