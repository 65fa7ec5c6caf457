import "server-only";
import type { AuditColumns } from "./columns";
import type { ReadContext } from "../core/read-context";
import { SEAL } from "./sealed-blocks";

/*
 * Each audit event's intent, as a number by event id next to the columns of
 * columns.ts, so that grouping the matches by intent is a loop over numbers. The
 * number is the id of the intent's first audit event: no intent id string is held (a
 * million intents would be about 100 MB of strings and map entries), and it never
 * changes, as events are only added (ids grow) until a reset, which starts the columns,
 * and this with them, over.
 *
 * Loaded once from the sealed blocks (see sealed-blocks.ts), or for an index that has
 * none yet from the natural-key index (intent id first: one intent's events are
 * adjacent), then extended with the new events, each looked up by its intent.
 */
export interface IntentColumn {
  /** By event id: the id of the first event of the same intent; 0 where no event. */
  readonly first: Int32Array;
  /** How many intents the events held belong to (events whose own id is their first). */
  readonly count: number;
}

class IntentStore implements IntentColumn {
  first = new Int32Array(0);
  count = 0;
  /** One past the highest event id read. */
  end = 1;

  reserve(maxId: number): void {
    if (maxId < this.first.length) return;
    const next = new Int32Array(Math.max(maxId + 1, this.first.length * 2, 1024));
    next.set(this.first);
    this.first = next;
  }
}

const stores = new WeakMap<AuditColumns, IntentStore>();

/** Up to date with the columns; call inside the same `ctx.snapshot` that read them. */
export function intentColumn(ctx: ReadContext, cols: AuditColumns): IntentColumn {
  let store = stores.get(cols);
  if (!store) {
    store = new IntentStore();
    stores.set(cols, store);
    const sealedEnd = loadSealed(ctx, store);
    if (sealedEnd === 0) {
      loadAll(ctx, store, cols.end);
      store.end = cols.end;
    } else {
      store.end = sealedEnd;
    }
  }
  if (store.end < cols.end) {
    store.reserve(cols.end - 1);
    const rows = ctx
      .stmt<[number, number]>(
        `SELECT a.id, (SELECT min(b.id) FROM audit_events b WHERE b.intent_id = a.intent_id)
        FROM audit_events a WHERE a.id >= ? AND a.id < ?`,
      )
      .raw()
      .iterate(store.end, cols.end);
    for (const [id, first] of rows) {
      store.first[id] = first;
      if (first === id) store.count++;
    }
  }
  store.end = Math.max(store.end, cols.end);
  return store;
}

/** The sealed blocks' column (see sealed-blocks.ts); returns the id they end at, 0 if none. */
function loadSealed(ctx: ReadContext, store: IntentStore): number {
  let sealedEnd = 0;
  for (const [block, bytes] of ctx
    .stmt<[number, Uint8Array]>("SELECT block, first FROM audit_blocks ORDER BY block")
    .raw()
    .iterate()) {
    const base = block * SEAL;
    if (bytes.length !== SEAL * 4) throw new Error(`audit block ${block} has ${bytes.length} bytes of intents`);
    store.reserve(base + SEAL - 1);
    new Uint8Array(store.first.buffer, base * 4, SEAL * 4).set(bytes);
    const { first } = store;
    // Id 0 is never an event (its 0 means none).
    for (let id = Math.max(base, 1); id < base + SEAL; id++) if (first[id] === id) store.count++;
    sealedEnd = base + SEAL;
  }
  return sealedEnd;
}

function loadAll(ctx: ReadContext, store: IntentStore, end: number): void {
  store.reserve(end - 1);
  const rows = ctx
    .stmt<[string, number]>("SELECT intent_id, id FROM audit_events ORDER BY intent_id")
    .raw()
    .iterate();
  // One intent's events arrive together; their ids wait here until the next intent.
  let current: string | null = null;
  let group: number[] = [];
  const flush = () => {
    let first = Infinity;
    for (const id of group) if (id < first) first = id;
    if (first < end) store.count++;
    for (const id of group) if (id < end) store.first[id] = first;
  };
  for (const [intent, id] of rows) {
    if (intent !== current) {
      if (group.length > 0) flush();
      current = intent;
      group = [];
    }
    group.push(id);
  }
  if (group.length > 0) flush();
}
