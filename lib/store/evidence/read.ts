import "server-only";
import type { ReadContext } from "../core/read-context";
import { auditEventBytes } from "./event-bytes";
import { KIND_AUDIT, type EvidenceKeys } from "./keys";
import { seqCondition } from "./seq-range";

/** One message of a bundle (lib/evidence/bundle-writer.ts reads this shape). */
export interface EvidenceRow {
  stream: string;
  seq: number;
  subject: string;
  kind: "intent" | "audit";
  bytes: Uint8Array;
  signature?: "verified" | "invalid" | "unsigned" | "untrusted-signer";
}

/**
 * A message of the bundle whose bytes the index does not hold: an audit event indexed
 * before Pilot kept them (schema version 8) or imported from executor log files, or a
 * message gone since the keys were taken (the index was reset).
 */
export class EvidenceBytesMissing extends Error {}

const SIGNATURE_STATES = ["verified", "invalid", "unsigned", "untrusted-signer"] as const;
const CHUNK = 2000;

function subjects(ctx: ReadContext, stream: string, seqs: readonly number[]): Map<number, string> {
  const cond = seqCondition(seqs);
  const rows = ctx
    .stmt<[number, string]>(`SELECT seq, subject FROM messages WHERE stream = ? AND ${cond.sql}`)
    .raw()
    .all(stream, ...cond.params);
  return new Map(rows);
}

function intents(ctx: ReadContext, stream: string, seqs: readonly number[]): Map<number, [string, string]> {
  const cond = seqCondition(seqs);
  const rows = ctx
    .stmt<[number, string, string]>(`SELECT seq, raw, signature_state FROM intents WHERE stream = ? AND ${cond.sql}`)
    .raw()
    .all(stream, ...cond.params);
  const out = new Map<number, [string, string]>(rows.map(([seq, raw, state]) => [seq, [raw, state]]));
  // A further copy of an id (other bytes) is not in intents but in intent_copies, with its own verdict.
  const rest = seqs.filter((seq) => !out.has(seq));
  if (rest.length > 0) {
    const copies = ctx
      .stmt<[number, string, string]>("SELECT seq, raw, signature_state FROM intent_copies WHERE stream = ? AND seq IN (SELECT value FROM json_each(?))")
      .raw()
      .all(stream, JSON.stringify(rest));
    for (const [seq, raw, state] of copies) out.set(seq, [raw, state]);
  }
  return out;
}

/**
 * The bundle's messages in stream order, a chunk at a time. Intents' bytes are the text
 * the index keeps (`intents.raw`, the payload decoded as UTF-8: the same bytes for every
 * payload Smith can read), audit events' bytes come from auditEventBytes. A message without
 * its bytes stops the bundle with EvidenceBytesMissing naming it: a bundle that silently
 * left a record out would be worse than none.
 */
export function* evidenceRows(ctx: ReadContext, keys: EvidenceKeys): Generator<EvidenceRow[]> {
  for (const [stream, all] of keys.streams) {
    for (let at = 0; at < all.length; at += CHUNK) {
      const part = all.subarray(at, at + CHUNK);
      const auditSeqs: number[] = [];
      const intentSeqs: number[] = [];
      const allSeqs: number[] = [];
      for (const k of part) {
        const seq = Math.floor(k / 2);
        allSeqs.push(seq);
        (k % 2 === KIND_AUDIT ? auditSeqs : intentSeqs).push(seq);
      }
      const out = ctx.snapshot(() => {
        const subject = subjects(ctx, stream, allSeqs);
        const audit = auditSeqs.length > 0 ? auditEventBytes(ctx, stream, auditSeqs) : new Map<number, Buffer>();
        const intent = intentSeqs.length > 0 ? intents(ctx, stream, intentSeqs) : new Map<number, [string, string]>();
        const rows: EvidenceRow[] = [];
        for (const k of part) {
          const seq = Math.floor(k / 2);
          const subj = subject.get(seq);
          if (k % 2 === KIND_AUDIT) {
            const bytes = audit.get(seq);
            if (bytes === undefined || subj === undefined) throw new EvidenceBytesMissing(`the bytes of audit message ${stream} #${seq} are not in the index`);
            rows.push({ stream, seq, subject: subj, kind: "audit", bytes });
          } else {
            const found = intent.get(seq);
            if (found === undefined || subj === undefined) throw new EvidenceBytesMissing(`intent message ${stream} #${seq} is not in the index`);
            const state = SIGNATURE_STATES.find((s) => s === found[1]) ?? "invalid";
            rows.push({ stream, seq, subject: subj, kind: "intent", bytes: Buffer.from(found[0], "utf8"), signature: state });
          }
        }
        return rows;
      });
      yield out;
    }
  }
}
