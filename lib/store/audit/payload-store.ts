import "server-only";
import type { Db, Statement } from "../core/db";
import type { ReadContext } from "../core/read-context";
import { decodeFrame, encodeFrame, FRAME, type PayloadEntry } from "./payload-frames";

/*
 * audit_payloads (schema-v10.ts): every audit event's payload, once, FRAME ids to a
 * compressed frame. The writer gathers a transaction's payloads and writes each frame it
 * touched once, at the end (a frame left part-full by one batch is read back, completed
 * and written again by the next: ids only grow, so only the newest frame is ever part-full).
 */

type FrameRow = [number, Uint8Array];

const FRAMES_SQL = "SELECT frame, data FROM audit_payloads WHERE frame IN (SELECT value FROM json_each(?))";

/** Payload entries of these event ids (an id without one is absent). */
function entriesOf(select: Statement<FrameRow>, ids: Iterable<number>): Map<number, PayloadEntry> {
  const frames = new Set<number>();
  for (const id of ids) frames.add(Math.floor(id / FRAME));
  const out = new Map<number, PayloadEntry>();
  if (frames.size === 0) return out;
  for (const [frame, data] of select.raw().all(JSON.stringify([...frames]))) {
    for (const e of decodeFrame(data)) out.set(frame * FRAME + e.slot, e);
  }
  return out;
}

/**
 * The stored payloads of these events, as the reader's snapshot holds them. Whether an
 * entry is the message as received is its `original`: only lib/store/evidence's
 * auditEventBytes hands such bytes out as the message.
 */
export function readPayloads(ctx: ReadContext, ids: Iterable<number>): Map<number, PayloadEntry> {
  return entriesOf(ctx.stmt<FrameRow>(FRAMES_SQL), ids);
}

export function createPayloadWriter(db: Db) {
  const select = db.prepare<FrameRow>(FRAMES_SQL);
  const put = db.prepare("INSERT OR REPLACE INTO audit_payloads (frame, data) VALUES (?, ?)");
  let pending = new Map<number, PayloadEntry>();
  let record: number[] = [];

  return {
    /** The payload of the event just inserted with this id. */
    keep(id: number, bytes: Uint8Array, original: boolean): void {
      pending.set(id, { slot: id % FRAME, original, bytes });
      record.push(id);
    },

    /** Payloads of these ids, the transaction's own first. */
    read(ids: readonly number[]): Map<number, PayloadEntry> {
      const out = entriesOf(select, ids.filter((id) => !pending.has(id)));
      for (const id of ids) {
        const mine = pending.get(id);
        if (mine) out.set(id, mine);
      }
      return out;
    },

    /** At the end of the write transaction: every touched frame, written once. */
    flush(): void {
      if (pending.size === 0) return;
      const byFrame = new Map<number, PayloadEntry[]>();
      for (const [id, e] of pending) {
        const frame = Math.floor(id / FRAME);
        const list = byFrame.get(frame);
        if (list) list.push(e);
        else byFrame.set(frame, [e]);
      }
      const held = select.raw().all(JSON.stringify([...byFrame.keys()]));
      const old = new Map(held.map(([frame, data]) => [frame, decodeFrame(data)]));
      for (const [frame, added] of byFrame) {
        const slots = new Map<number, PayloadEntry>();
        for (const e of old.get(frame) ?? []) slots.set(e.slot, e);
        for (const e of added) slots.set(e.slot, e);
        put.run(frame, encodeFrame([...slots.values()]));
      }
      pending = new Map();
      record = [];
    },

    /** Around one record's write when records are isolated by savepoints. */
    beginRecord(): void {
      record = [];
    },
    /** Its savepoint rolled back: its event ids are free again, its payloads go. */
    undoRecord(): void {
      for (const id of record) pending.delete(id);
      record = [];
    },

    /** After a rollback or a reset. */
    discard(): void {
      pending = new Map();
      record = [];
    },
  };
}

export type PayloadWriter = ReturnType<typeof createPayloadWriter>;
