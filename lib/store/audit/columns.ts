import "server-only";
import { FactDictionary, NO_INTENT, PairDictionary } from "./pairs";
import { AUDIT_COMBO_LIMIT } from "../core/fts-docs";
import type { ReadContext } from "../core/read-context";
import { SEAL } from "./sealed-blocks";
import { SealCounts } from "./seal-counts";

/*
 * The two facts of every audit event that filters and facet counts need, time and combo
 * (see schema-audit.ts), as typed arrays indexed by event id (12 bytes an event): counting
 * per combo over a time range is a loop over plain numbers instead of rows read from
 * SQLite. They are brought up to date inside the answer's read transaction, so facet
 * counts are of the page's snapshot.
 *
 * Loaded once per connection (the sealed blocks, then the rows above them), then extended
 * with the rows above the last id seen: ids only grow (max(id) + 1, one writer). Only
 * `reset()` deletes events, with their combos, whose AUTOINCREMENT ids are never reused:
 * a changed lowest combo id means "start over".
 *
 * Each event also has its intent's facts (see pairs.ts), joined in for new events and,
 * for those held, from the intents added since (intent rowids only grow; facts never change).
 */

/** Combo ids are below this (see fts-docs.ts), so id × span + combo is exact up to 2^37 ids. */
const COMBO_SPAN = AUDIT_COMBO_LIMIT;

/** Events per block for the time summaries that let a range skip whole blocks. */
export const BLOCK = 1024;

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
  /** Per block: how many events it holds (ids without an event are holes). */
  readonly blockCount: Int32Array;
  /** (combo, intent facts) pair by event id; see pairs.ts. */
  readonly pair: Int32Array;
  /** Events per pair id, over all time. */
  readonly totals: Int32Array;
  readonly pairs: PairDictionary;
  readonly facts: FactDictionary;
  /** Events per pair of each complete block of SEAL ids. */
  readonly sealed: SealCounts;
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
  blockCount = new Int32Array(0);
  pair = new Int32Array(0);
  totals = new Int32Array(0);
  readonly pairs = new PairDictionary();
  readonly facts = new FactDictionary();
  readonly sealed = new SealCounts();
  /** Lowest combo id when last synced; undefined before the first event. */
  comboFloor: number | undefined;
  /** Highest intent rowid whose facts were joined in. */
  intentFloor = 0;

  reserve(maxId: number): void {
    if (maxId < this.ts.length) return;
    const size = Math.max(maxId + 1, this.ts.length * 2, BLOCK);
    const blocks = Math.ceil(size / BLOCK);
    this.ts = grown(this.ts, size, floats(NaN));
    this.combo = grown(this.combo, size, ints);
    this.pair = grown(this.pair, size, ints);
    this.blockMin = grown(this.blockMin, blocks, floats(NaN));
    this.blockMax = grown(this.blockMax, blocks, floats(NaN));
    this.blockCount = grown(this.blockCount, blocks, ints);
  }

  addPacked(keys: readonly number[], times: readonly number[]): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] ?? 0;
      this.addOne(Math.floor(key / COMBO_SPAN), times[i] ?? NaN, key % COMBO_SPAN);
    }
  }

  /**
   * A sealed block (see sealed-blocks.ts): its times and combos copied in whole, then one
   * pass for what is derived from them (pairs, totals, block summaries).
   */
  addSealed(block: number, tsBytes: Uint8Array, comboBytes: Uint8Array): void {
    const base = block * SEAL;
    if (tsBytes.length !== SEAL * 8 || comboBytes.length !== SEAL * 4) {
      throw new Error(`audit block ${block} has ${tsBytes.length} + ${comboBytes.length} bytes`);
    }
    this.reserve(base + SEAL - 1);
    new Uint8Array(this.ts.buffer, base * 8, SEAL * 8).set(tsBytes);
    new Uint8Array(this.combo.buffer, base * 4, SEAL * 4).set(comboBytes);
    const { ts, combo, pair, blockMin, blockMax, blockCount } = this;
    const perCombo = this.#sealedPerCombo;
    const touched: number[] = [];
    for (let b = base / BLOCK; b < (base + SEAL) / BLOCK; b++) {
      let lo = NaN;
      let hi = NaN;
      let n = 0;
      for (let id = b * BLOCK; id < (b + 1) * BLOCK; id++) {
        const c = combo[id] ?? 0;
        if (c === 0) continue;
        const t = ts[id] ?? NaN;
        let p = this.#pairOfCombo[c] ?? -1;
        if (p < 0) {
          p = this.pairs.idOf(c, NO_INTENT);
          this.#pairOfCombo[c] = p;
        }
        pair[id] = p;
        // Counted by combo here and added to the pairs' totals once per combo below, rather
        // than through a method call per event.
        const k = perCombo[c] ?? 0;
        if (k === 0) touched.push(c);
        perCombo[c] = k + 1;
        if (!(lo <= t)) lo = t;
        if (!(hi >= t)) hi = t;
        n++;
        if (id >= this.end) this.end = id + 1;
      }
      blockMin[b] = lo;
      blockMax[b] = hi;
      blockCount[b] = n;
    }
    for (const c of touched) {
      this.#count(this.#pairOfCombo[c] ?? 0, perCombo[c] ?? 0);
      perCombo[c] = 0;
    }
  }

  /** addSealed's events per combo of the block (zero between calls). */
  readonly #sealedPerCombo = new Int32Array(COMBO_SPAN);

  /** Pair id of (combo, no intent facts) by combo; -1 until asked. */
  readonly #pairOfCombo = new Int32Array(COMBO_SPAN).fill(-1);

  add(rows: Iterable<Row>): void {
    for (const [id, tsMs, combo] of rows) this.addOne(id, tsMs, combo);
  }

  #count(pair: number, n: number): void {
    if (pair >= this.totals.length) {
      this.totals = grown(this.totals, Math.max(pair + 1, this.totals.length * 2, 256), ints);
    }
    this.totals[pair] = (this.totals[pair] ?? 0) + n;
  }

  /** The event's intent is known (or became known): move it to its new pair. */
  setFact(id: number, fact: number): void {
    if (id >= this.end || Number.isNaN(this.ts[id] ?? NaN)) return;
    const old = this.pair[id] ?? 0;
    const next = this.pairs.idOf(this.combo[id] ?? 0, fact);
    if (next === old) return;
    this.#count(old, -1);
    this.#count(next, 1);
    this.pair[id] = next;
    this.sealed.move(id, old, next);
  }

  addFacts(rows: Iterable<[number, string, string, string]>): void {
    for (const [id, capability, domain, signer] of rows) {
      this.setFact(id, this.facts.idOf(capability, domain, signer));
    }
  }

  addOne(id: number, tsMs: number, combo: number): void {
    this.reserve(id);
    const pair = this.pairs.idOf(combo, NO_INTENT);
    this.#count(pair, 1);
    this.ts[id] = tsMs;
    this.combo[id] = combo;
    this.pair[id] = pair;
    const b = Math.floor(id / BLOCK);
    this.blockCount[b] = (this.blockCount[b] ?? 0) + 1;
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
  const fresh = !store;
  const heldEnd = store?.end ?? 1;
  if (!store) {
    store = new ColumnStore();
    stores.set(ctx, store);
    const max = ctx.stmt<{ id: number | null }>("SELECT max(id) AS id FROM audit_events").get();
    store.reserve(max?.id ?? 0);
    // The sealed blocks as BLOBs, then the events above them (fewer than a block, unless
    // the index predates sealing and nothing was written since).
    let sealedEnd = 0;
    for (const [block, ts, combo] of ctx
      .stmt<[number, Uint8Array, Uint8Array]>("SELECT block, ts, combo FROM audit_blocks ORDER BY block")
      .raw()
      .iterate()) {
      store.addSealed(block, ts, combo);
      sealedEnd = (block + 1) * SEAL;
    }
    // Two plucked columns, in one order (the same within one read transaction): about
    // three times faster than rows as arrays.
    const keys = ctx
      .stmt<number>(`SELECT id * ${COMBO_SPAN} + combo FROM audit_events WHERE id >= ? ORDER BY id`)
      .pluck()
      .all(sealedEnd);
    const times = ctx
      .stmt<number>("SELECT ts_ms FROM audit_events WHERE id >= ? ORDER BY id")
      .pluck()
      .all(sealedEnd);
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
  syncFacts(ctx, store, fresh, heldEnd);
  store.sealed.rollComplete(store.end, store.ts, store.combo, store.pair, store.pairs.size);
  return store;
}

type FactRow = [number, string, string, string];

function syncFacts(ctx: ReadContext, store: ColumnStore, fresh: boolean, heldEnd: number): void {
  const top = ctx.stmt<{ r: number | null }>("SELECT max(rowid) AS r FROM intents").get()?.r ?? 0;
  if (fresh) {
    // Driven from intents (CROSS JOIN keeps the order): SQLite's own choice walked the
    // whole natural-key index of audit_events and probed intents for each event, the
    // largest cost of a start; there are at most half as many intents as events, and an
    // audit trail of events whose intents are not indexed costs nothing here.
    store.addFacts(
      ctx
        .stmt<FactRow>(
          `SELECT a.id, i.capability, i.domain, i.signer
          FROM intents i CROSS JOIN audit_events a ON a.intent_id = i.id`,
        )
        .raw()
        .iterate(),
    );
  } else {
    // Events new since the last call, then older events whose intent is new.
    store.addFacts(
      ctx
        .stmt<FactRow>(
          `SELECT a.id, i.capability, i.domain, i.signer
          FROM audit_events a JOIN intents i ON i.id = a.intent_id WHERE a.id >= ?`,
        )
        .raw()
        .iterate(heldEnd),
    );
    if (top > store.intentFloor) {
      store.addFacts(
        ctx
          .stmt<FactRow>(
            `SELECT a.id, i.capability, i.domain, i.signer
            FROM intents i JOIN audit_events a ON a.intent_id = i.id
            WHERE i.rowid > ? AND a.id < ?`,
          )
          .raw()
          .iterate(store.intentFloor, heldEnd),
      );
    }
  }
  store.intentFloor = top;
}
