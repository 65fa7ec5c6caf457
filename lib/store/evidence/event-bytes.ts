import "server-only";
import { readPayloads } from "../audit/payload-store";
import type { ReadContext } from "../core/read-context";
import { seqCondition } from "./seq-range";

/*
 * Where an audit event's bytes as received come from. Everything that hands out an audit
 * message's original bytes goes through this function, so that moving audit storage
 * elsewhere changes this file only: today the event's entry in its compressed frame of
 * audit_payloads (audit/payload-store.ts), found through audit_by_seq.
 */

/**
 * Payloads of one stream's audit messages (`seqs` ascending), by seq, byte for byte as
 * received; a seq the index holds no bytes for (no event, or an event whose payload Pilot
 * wrote out itself: see audit/payload-columns.ts) is absent (seqs not asked for may be present).
 */
export function auditEventBytes(ctx: ReadContext, stream: string, seqs: readonly number[]): Map<number, Buffer> {
  const cond = seqCondition(seqs);
  const rows = ctx
    .stmt<[number, number]>(`SELECT seq, id FROM audit_events WHERE ${cond.sql} AND stream = ?`)
    .raw()
    .all(...cond.params, stream);
  const stored = readPayloads(ctx, rows.map(([, id]) => id));
  const out = new Map<number, Buffer>();
  for (const [seq, id] of rows) {
    const entry = stored.get(id);
    if (entry?.original) out.set(seq, Buffer.from(entry.bytes));
  }
  return out;
}
