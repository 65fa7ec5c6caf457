import "server-only";
import { AUDIT_COMBO_LIMIT } from "./fts-docs";
import type { ReadContext } from "./read-context";

/*
 * The two facts of every audit event that filters and facet counts need, time and combo
 * (see schema-audit.ts), as typed arrays indexed by event id: 12 bytes an event, so a
 * million events are 12 MB, and counting them per combo over any time range is a loop
 * over plain numbers (a few milliseconds) instead of a million rows read from SQLite.
 * Facet counts stay exact: the arrays are brought up to date inside the answer's read
 * transaction, from the same snapshot as the page.
 *
 * Loaded once per connection from audit_by_time (a covering index, much smaller than the
 * table), then extended with the rows whose id is above the last one seen: event ids
 * only grow, as SQLite gives each new row max(id) + 1 and one writer commits at a time.
 * Only `reset()` deletes events; it deletes the combos too, and combo ids are
 * AUTOINCREMENT (never reused), so a changed lowest combo id means "start over".
 */

/** Combo ids are below this (see fts-docs.ts), so id × span + combo is exact up to 2^37 ids. */
const COMBO_SPAN = AUDIT_COMBO_LIMIT;

/** Events per block for the time summaries that let a range skip whole blocks. */
const BLOCK = 1024;

export interface AuditColumns {
  /** One past the highest event id held. */
  readonly end: number;
  /** Epoch ms by event id; NaN where no event has that id. */
  readonly ts: Float64Array;
  /** Combo by event id; 0 where no event has that id (combo ids start at 1). */
  readonly combo: Int32Array;
  /** Per block of BLOCK ids: the lowest and highest time in it (NaN when empty). */
  readonly blockMin: Float64Array;
  readonly blockMax: Float64Array;
  /** Events per combo id, over all time. */
  readonly totals: Int32Array;
}

type Row = [number, number, number];

function grown<T extends Float64Array | Int32Array>(
  old: T,
  size: number,
  make: (n: number) => T,
): T {
  const next = make(size);
  next.set(old);
  return next;
}

const floats = (fill: number) => (n: number) => new Float64Array(n).fill(fill);
const ints = (n: number) => new Int32Array(n);

class ColumnStore implements AuditColumns {
  end = 1;
  ts = new Float64Array(0);
  combo = new Int32Array(0);
  blockMin = new Float64Array(0);
  blockMax = new Float64Array(0);
  totals = new Int32Array(0);
  /** Lowest combo id when last synced; undefined before the first event. */
  comboFloor: number | undefined;

  reserve(maxId: number): void {
    if (maxId < this.ts.length) return;
    const size = Math.max(maxId + 1, this.ts.length * 2, BLOCK);
    const blocks = Math.ceil(size / BLOCK);
    this.ts = grown(this.ts, size, floats(NaN));
    this.combo = grown(this.combo, size, ints);
    this.blockMin = grown(this.blockMin, blocks, floats(NaN));
    this.blockMax = grown(this.blockMax, blocks, floats(NaN));
  }

  addPacked(keys: readonly number[], times: readonly number[]): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] ?? 0;
      this.addOne(Math.floor(key / COMBO_SPAN), times[i] ?? NaN, key % COMBO_SPAN);
    }
  }

  add(rows: Iterable<Row>): void {
    for (const [id, tsMs, combo] of rows) this.addOne(id, tsMs, combo);
  }

  addOne(id: number, tsMs: number, combo: number): void {
    this.reserve(id);
    if (combo >= this.totals.length) {
      this.totals = grown(this.totals, Math.max(combo + 1, this.totals.length * 2, 256), ints);
    }
    this.ts[id] = tsMs;
    this.combo[id] = combo;
    this.totals[combo] = (this.totals[combo] ?? 0) + 1;
    const b = Math.floor(id / BLOCK);
    // NaN compares false: the first time of a block always replaces it.
    if (!((this.blockMin[b] ?? NaN) <= tsMs)) this.blockMin[b] = tsMs;
    if (!((this.blockMax[b] ?? NaN) >= tsMs)) this.blockMax[b] = tsMs;
    if (id >= this.end) this.end = id + 1;
  }
}

const stores = new WeakMap<ReadContext, ColumnStore>();

/**
 * The columns as of the caller's snapshot; call inside `ctx.snapshot`. The first call on a
 * connection reads every event's (id, time, combo) once.
 */
export function auditColumns(ctx: ReadContext): AuditColumns {
  let store = stores.get(ctx);
  const floor =
    ctx.stmt<{ id: number | null }>("SELECT min(id) AS id FROM audit_combos").get()?.id ??
    undefined;
  if (store && store.end > 1 && store.comboFloor !== floor) store = undefined;
  if (!store) {
    store = new ColumnStore();
    stores.set(ctx, store);
    const max = ctx.stmt<{ id: number | null }>("SELECT max(id) AS id FROM audit_events").get();
    store.reserve(max?.id ?? 0);
    // Two plucked columns of the covering index, in its order (the same within one read
    // transaction): about three times faster than rows as arrays.
    const keys = ctx
      .stmt<number>(`SELECT id * ${COMBO_SPAN} + combo FROM audit_events INDEXED BY audit_by_time`)
      .pluck()
      .all();
    const times = ctx
      .stmt<number>("SELECT ts_ms FROM audit_events INDEXED BY audit_by_time")
      .pluck()
      .all();
    store.addPacked(keys, times);
  } else {
    store.add(
      ctx
        .stmt<Row>("SELECT id, ts_ms, combo FROM audit_events WHERE id >= ? ORDER BY id")
        .raw()
        .iterate(store.end),
    );
  }
  store.comboFloor = floor;
  return store;
}

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

/** Events per combo id in the range (index: combo id). */
export function countsInRange(c: AuditColumns, r: TimeRange): Int32Array {
  if (isAllTime(r)) return c.totals.slice();
  const counts = new Int32Array(c.totals.length);
  const { ts, combo } = c;
  for (const [start, stop, whole] of idBlocks(c, r)) {
    if (whole) {
      for (let id = start; id < stop; id++) {
        const k = combo[id] ?? 0;
        if (k !== 0) counts[k] = (counts[k] ?? 0) + 1;
      }
    } else {
      for (let id = start; id < stop; id++) {
        const t = ts[id] ?? NaN;
        if (t >= r.from && t < r.to) {
          const k = combo[id] ?? 0;
          counts[k] = (counts[k] ?? 0) + 1;
        }
      }
    }
  }
  return counts;
}
