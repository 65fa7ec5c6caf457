import "server-only";
import type { Db } from "../core/db";

/*
 * The in-memory columns of columns.ts and intent-column.ts, kept on disk as well, a block
 * of SEAL event ids at a time: each block's times (Float64, NaN where no event has the
 * id), combos (Int32, 0 where none) and the id of the first event of each event's intent
 * (Int32, 0 where none) as three BLOBs of one row of audit_blocks. A restarted server reads
 * 16 MB of BLOBs per million events into its arrays in tens of milliseconds, where two
 * full reads of audit_by_time took seconds per million (and the first answer after a
 * start waited for them); only the events above the last sealed block are read row by row.
 *
 * A block is sealed by the write that completes it, in the same transaction, and never
 * changes after: event ids only grow (SQLite gives a new row max(id) + 1, and events
 * are deleted only by a reset, which empties audit_blocks too), an event's time and combo
 * never change (nor does the first event of its intent: later ones get higher ids), and a
 * block is complete once an id at or past its end exists. An index
 * written before this table existed is sealed up to date by its first write.
 */

/** Event ids per sealed block (a multiple of columns.ts's BLOCK). */
export const SEAL = 65_536;

export function createBlockSealer(db: Db) {
  const topId = db.prepare<{ id: number | null }>("SELECT max(id) AS id FROM audit_events");
  const topBlock = db.prepare<{ b: number | null }>("SELECT max(block) AS b FROM audit_blocks");
  // An event's intent's first event id, looked up through the natural key (intent id first).
  const rows = db.prepare<[number, number, number, number]>(
    `SELECT a.id, a.ts_ms, a.combo,
      (SELECT min(b.id) FROM audit_events b WHERE b.intent_id = a.intent_id)
    FROM audit_events a WHERE a.id >= ? AND a.id < ? ORDER BY a.id`,
  );
  const insert = db.prepare("INSERT INTO audit_blocks (block, ts, combo, first) VALUES (?, ?, ?, ?)");
  return {
    /** Seals every block the events written so far complete; inside the write transaction. */
    seal(): void {
      const complete = Math.floor(((topId.get()?.id ?? 0) + 1) / SEAL);
      // Asked each time (one step down a B-tree): another connection may have sealed some.
      for (let next = (topBlock.get()?.b ?? -1) + 1; next < complete; next++) {
        const ts = new Float64Array(SEAL).fill(NaN);
        const combo = new Int32Array(SEAL);
        const first = new Int32Array(SEAL);
        const base = next * SEAL;
        for (const [id, t, c, f] of rows.raw().iterate(base, base + SEAL)) {
          ts[id - base] = t;
          combo[id - base] = c;
          first[id - base] = f;
        }
        insert.run(next, Buffer.from(ts.buffer), Buffer.from(combo.buffer), Buffer.from(first.buffer));
      }
    },
  };
}

