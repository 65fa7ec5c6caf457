/**
 * Keeps the `k` newest of the events offered, by (time, id) descending (the audit list's
 * order), in a min-heap whose root is the oldest kept: O(n log k) over n events, with no
 * array of all candidates to sort.
 */
export class NewestK {
  readonly #k: number;
  readonly #ts: number[] = [];
  readonly #id: number[] = [];

  constructor(k: number) {
    this.#k = k;
  }

  /** (a) older than (b)? */
  #older(i: number, j: number): boolean {
    const ta = this.#ts[i] ?? 0;
    const tb = this.#ts[j] ?? 0;
    return ta < tb || (ta === tb && (this.#id[i] ?? 0) < (this.#id[j] ?? 0));
  }

  #swap(i: number, j: number): void {
    const t = this.#ts[i] ?? 0;
    this.#ts[i] = this.#ts[j] ?? 0;
    this.#ts[j] = t;
    const d = this.#id[i] ?? 0;
    this.#id[i] = this.#id[j] ?? 0;
    this.#id[j] = d;
  }

  offer(ts: number, id: number): void {
    if (this.#k <= 0) return;
    const n = this.#ts.length;
    if (n < this.#k) {
      this.#ts.push(ts);
      this.#id.push(id);
      for (let i = n; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!this.#older(i, parent)) break;
        this.#swap(i, parent);
        i = parent;
      }
      return;
    }
    const rootTs = this.#ts[0] ?? 0;
    if (ts < rootTs || (ts === rootTs && id <= (this.#id[0] ?? 0))) return;
    this.#ts[0] = ts;
    this.#id[0] = id;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < n && this.#older(l, min)) min = l;
      if (r < n && this.#older(r, min)) min = r;
      if (min === i) break;
      this.#swap(i, min);
      i = min;
    }
  }

  /**
   * The time of the oldest event kept once `k` are kept (any event not newer than it by
   * (time, id) is turned away); undefined while fewer are kept.
   */
  fullAt(): number | undefined {
    return this.#ts.length === this.#k && this.#k > 0 ? this.#ts[0] : undefined;
  }

  /** The ids kept, newest first. */
  ids(): number[] {
    return this.#ts
      .map((ts, i) => ({ ts, id: this.#id[i] ?? 0 }))
      .sort((a, b) => b.ts - a.ts || b.id - a.id)
      .map((e) => e.id);
  }
}
