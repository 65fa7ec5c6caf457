import "server-only";
import type { AuditColumns } from "./audit-columns";
import type { ReadContext } from "./read-context";

/*
 * Each audit event's intent, as a small number by event id, next to the columns of
 * audit-columns.ts: grouping the matches by intent is then a loop over numbers. An
 * event's intent never changes and ids only grow, so after the first load only the new
 * events are read. Kept per columns object: the columns start over after a reset, and
 * so does this.
 */
export interface IntentColumn {
  /** Intent ordinal by event id; -1 where no event has that id. */
  readonly ord: Int32Array;
  /** Intent id by ordinal. */
  readonly names: readonly string[];
}

class IntentStore implements IntentColumn {
  ord = new Int32Array(0);
  readonly names: string[] = [];
  readonly #byName = new Map<string, number>();
  /** One past the highest event id read. */
  end = 1;

  add(rows: Iterable<[number, string]>): void {
    for (const [id, intent] of rows) {
      if (id >= this.ord.length) {
        const next = new Int32Array(Math.max(id + 1, this.ord.length * 2, 1024)).fill(-1);
        next.set(this.ord);
        this.ord = next;
      }
      let o = this.#byName.get(intent);
      if (o === undefined) {
        o = this.names.length;
        this.names.push(intent);
        this.#byName.set(intent, o);
      }
      this.ord[id] = o;
      if (id >= this.end) this.end = id + 1;
    }
  }
}

const stores = new WeakMap<AuditColumns, IntentStore>();

/** Up to date with the columns; call inside the same `ctx.snapshot` that read them. */
export function intentColumn(ctx: ReadContext, cols: AuditColumns): IntentColumn {
  let store = stores.get(cols);
  if (!store) {
    store = new IntentStore();
    stores.set(cols, store);
  }
  if (store.end < cols.end) {
    store.add(
      ctx
        .stmt<[number, string]>(
          "SELECT id, intent_id FROM audit_events WHERE id >= ? AND id < ? ORDER BY id",
        )
        .raw()
        .iterate(store.end, cols.end),
    );
    // Ids up to the columns' end are all read, holes included.
    store.end = Math.max(store.end, cols.end);
  }
  return store;
}
