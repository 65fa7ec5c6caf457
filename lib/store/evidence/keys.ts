import "server-only";
import type { AuditFilter } from "../audit/filter";
import { matchIdsNewestFirst, selectAudit } from "../audit/select";
import type { ReadContext } from "../core/read-context";
import { intentWhere, type Custody, type IntentFilter } from "../intents/list";

/*
 * Which messages a bundle holds, as (stream, seq, kind) keys: 8 bytes a message, so a
 * million-event export keeps 8 MB of keys (as the audit export keeps 4 bytes of ids), never
 * the rows or their bytes. A key is `seq * 2 + kind` in a Float64Array per stream (exact up
 * to seq 2^52), so that sorting the array puts the stream's messages in sequence order.
 */
export const KIND_INTENT = 0;
export const KIND_AUDIT = 1;

class GrowingKeys {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export interface EvidenceKeys {
  /** Stream name → its keys, sorted and without repeats; streams in byte order of their names. */
  streams: [string, Float64Array][];
  records: number;
}

class KeySet {
  readonly byStream = new Map<string, GrowingKeys>();
  add(stream: string, seq: number, kind: number): void {
    let keys = this.byStream.get(stream);
    if (!keys) this.byStream.set(stream, (keys = new GrowingKeys()));
    keys.push(seq * 2 + kind);
  }
  done(): EvidenceKeys {
    const streams: [string, Float64Array][] = [];
    let records = 0;
    const names = [...this.byStream.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const g = this.byStream.get(name);
      if (!g) continue;
      const sorted = g.data.subarray(0, g.length).sort();
      let n = 0;
      for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] ?? 0;
      // A copy of the used part, so the doubling's spare room is freed.
      streams.push([name, sorted.slice(0, n)]);
      records += n;
    }
    return { streams, records };
  }
}

const CHUNK = 2000;

/**
 * An audit query's bundle: every matching event, and each event's intent once (its bytes
 * carry the signature an auditor checks again), with any other copy of that intent id. The matches are taken in one snapshot,
 * as the audit export takes them.
 */
export function auditEvidenceKeys(ctx: ReadContext, f: AuditFilter): EvidenceKeys {
  const ids = ctx.snapshot(() => matchIdsNewestFirst(selectAudit(ctx, f)));
  const set = new KeySet();
  const cols = "a.id, a.stream, a.seq, i.stream, i.seq, i.id FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id";
  type Row = [number, string, number, string | null, number | null, string | null];
  const byList = ctx.stmt<Row>(`SELECT ${cols} WHERE a.id IN (SELECT value FROM json_each(?))`);
  const byRange = ctx.stmt<Row>(`SELECT ${cols} WHERE a.id BETWEEN ? AND ?`);
  // Other copies of an intent id (other bytes: schema-custody.ts) go in with the first.
  const copiesOf = ctx.stmt<[string, number]>("SELECT stream, seq FROM intent_copies WHERE intent_id IN (SELECT value FROM json_each(?))");
  const anyCopies = (ctx.stmt<number>("SELECT count(*) FROM intent_copies").pluck().get() ?? 0) > 0;
  for (let at = 0; at < ids.length; at += CHUNK) {
    const part = ids.subarray(at, at + CHUNK);
    let lo = Infinity;
    let hi = -Infinity;
    for (const id of part) {
      if (id < lo) lo = id;
      if (id > hi) hi = id;
    }
    // Ids follow arrival, so a chunk is mostly one dense run: a range read by primary key
    // (keeping only the chunk's ids) beats a lookup per id, as in the audit export.
    const dense = hi - lo < part.length * 2;
    const wanted = dense ? new Set(part) : null;
    const found = ctx.snapshot(() => (dense ? byRange.raw().all(lo, hi) : byList.raw().all(JSON.stringify(Array.from(part)))));
    const intentIds: string[] = [];
    for (const [id, stream, seq, iStream, iSeq, intentId] of found) {
      if (wanted && !wanted.has(id)) continue;
      set.add(stream, seq, KIND_AUDIT);
      if (iStream !== null && iSeq !== null) set.add(iStream, iSeq, KIND_INTENT);
      if (anyCopies && intentId !== null) intentIds.push(intentId);
    }
    if (intentIds.length > 0) {
      for (const [stream, seq] of copiesOf.raw().all(JSON.stringify(intentIds))) set.add(stream, seq, KIND_INTENT);
    }
  }
  return set.done();
}

/** An intents query's bundle: every intent the list's filter matches (all pages), and their other copies. */
export function intentEvidenceKeys(ctx: ReadContext, f: Omit<IntentFilter, "limit" | "after">, custody: Custody): EvidenceKeys {
  const where = intentWhere(f, custody.graceMs, custody.now());
  const set = new KeySet();
  ctx.snapshot(() => {
    const it = ctx.stmt<[string, number]>(`SELECT i.stream, i.seq FROM intents i ${where.sql}`).raw().iterate(...where.params);
    for (const [stream, seq] of it) set.add(stream, seq, KIND_INTENT);
    // Other copies of the matched ids (other bytes, each with its own verdict): evidence too.
    const copies = ctx
      .stmt<[string, number]>(`SELECT c.stream, c.seq FROM intent_copies c WHERE c.intent_id IN (SELECT i.id FROM intents i ${where.sql})`)
      .raw()
      .iterate(...where.params);
    for (const [stream, seq] of copies) set.add(stream, seq, KIND_INTENT);
  });
  return set.done();
}
