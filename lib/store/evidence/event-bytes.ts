import "server-only";
import type { ReadContext } from "../core/read-context";

/*
 * Where an audit event's bytes as received come from. Everything that reads them goes
 * through these two functions, so that moving audit storage elsewhere changes this file
 * only: today a table of the index keyed by (stream, seq) (schema-evidence.ts).
 */

/** Payloads of one stream's audit messages, by seq; a seq the index holds no bytes for is absent. */
export function auditEventBytes(ctx: ReadContext, stream: string, seqs: readonly number[]): Map<number, Buffer> {
  const rows = ctx
    .stmt<[number, Buffer]>("SELECT seq, raw FROM message_bytes WHERE stream = ? AND seq IN (SELECT value FROM json_each(?))")
    .raw()
    .all(stream, JSON.stringify(seqs));
  return new Map(rows);
}

/** How many of these (stream, seq) audit messages have their bytes kept. */
export function auditBytesPresent(ctx: ReadContext, keys: readonly (readonly [string, number])[]): number {
  if (keys.length === 0) return 0;
  return (
    ctx
      .stmt<number>(
        `SELECT count(*) FROM message_bytes b JOIN json_each(?) k
         ON b.stream = k.value ->> 0 AND b.seq = k.value ->> 1`,
      )
      .pluck()
      .get(JSON.stringify(keys)) ?? 0
  );
}
