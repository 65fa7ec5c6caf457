import "server-only";
import type { ReadContext } from "../core/read-context";
import { seqCondition } from "./seq-range";

/*
 * Where an audit event's bytes as received come from. Everything that reads them goes
 * through this function, so that moving audit storage elsewhere changes this file
 * only: today a table of the index keyed by (stream, seq) (schema-evidence.ts).
 */

/**
 * Payloads of one stream's audit messages (`seqs` ascending), by seq; a seq the index
 * holds no bytes for is absent (seqs not asked for may be present).
 */
export function auditEventBytes(ctx: ReadContext, stream: string, seqs: readonly number[]): Map<number, Buffer> {
  const cond = seqCondition(seqs);
  const rows = ctx
    .stmt<[number, Buffer]>(`SELECT seq, raw FROM message_bytes WHERE stream = ? AND ${cond.sql}`)
    .raw()
    .all(stream, ...cond.params);
  return new Map(rows);
}
