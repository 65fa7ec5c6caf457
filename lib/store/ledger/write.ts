import "server-only";
import type { Db } from "../core/db";
import type { IngestRecord } from "../core/types";
import { jsonTextOrNull } from "../core/values";

/** Quarantined payloads are kept up to this size; the true size is recorded too. */
export const RAW_CAP_BYTES = 64 * 1024;

/** The (stream, seq) pairs of a batch that the index holds, kept up to date as it is written. */
export class HeldSet {
  readonly #byStream = new Map<string, Set<number>>();

  has(r: Pick<IngestRecord, "stream" | "seq">): boolean {
    return this.#byStream.get(r.stream)?.has(r.seq) ?? false;
  }

  add(r: Pick<IngestRecord, "stream" | "seq">): void {
    let seqs = this.#byStream.get(r.stream);
    if (!seqs) {
      seqs = new Set();
      this.#byStream.set(r.stream, seqs);
    }
    seqs.add(r.seq);
  }
}

interface StreamTally {
  lastSeq: number;
  applied: number;
  quarantined: number;
}

/**
 * The message ledger: which (stream, seq) the index holds, per-stream cursors and the
 * quarantine. Tallies are kept per batch in memory and written once per stream at the
 * end of the batch, inside the same transaction.
 */
export function createLedgerWriter(db: Db) {
  const has = db.prepare<{ one: number }>(
    "SELECT 1 AS one FROM messages WHERE stream = ? AND seq = ?",
  );
  const heldBetween = db
    .prepare<number>("SELECT seq FROM messages WHERE stream = ? AND seq BETWEEN ? AND ?")
    .pluck();
  const insertMessage = db.prepare(
    "INSERT INTO messages (stream, seq, subject, kind, ok, published_ns) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const insertQuarantine = db.prepare(`INSERT OR IGNORE INTO quarantine
    (stream, seq, subject, kind, reason, headers, raw, size, published_ns, received_ms)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const upsertCursor = db.prepare(`INSERT INTO stream_cursors
      (stream, last_seq, messages, applied, quarantined) VALUES (@stream, @lastSeq, @messages, @applied, @quarantined)
    ON CONFLICT (stream) DO UPDATE SET
      last_seq = max(last_seq, excluded.last_seq),
      messages = messages + excluded.messages,
      applied = applied + excluded.applied,
      quarantined = quarantined + excluded.quarantined`);

  let tallies = new Map<string, StreamTally>();

  function tally(stream: string, seq: number): StreamTally {
    let t = tallies.get(stream);
    if (!t) {
      t = { lastSeq: 0, applied: 0, quarantined: 0 };
      tallies.set(stream, t);
    }
    if (seq > t.lastSeq) t.lastSeq = seq;
    return t;
  }

  return {
    /**
     * Which of these messages the index already holds (redeliveries): one range read per
     * stream, as a fetch is a run of nearby sequences; lookups one by one when the
     * sequences are spread too thin for the range to pay.
     */
    heldIn(records: readonly IngestRecord[]): HeldSet {
      const held = new HeldSet();
      const ranges = new Map<string, { min: number; max: number; n: number }>();
      for (const r of records) {
        const g = ranges.get(r.stream);
        if (!g) ranges.set(r.stream, { min: r.seq, max: r.seq, n: 1 });
        else {
          g.min = Math.min(g.min, r.seq);
          g.max = Math.max(g.max, r.seq);
          g.n++;
        }
      }
      for (const [stream, g] of ranges) {
        if (g.max - g.min < 4 * g.n + 64) {
          for (const seq of heldBetween.all(stream, g.min, g.max)) held.add({ stream, seq });
        } else {
          for (const r of records)
            if (r.stream === stream && has.get(stream, r.seq) !== undefined) held.add(r);
        }
      }
      return held;
    },

    recordApplied(r: IngestRecord, kind: string): void {
      insertMessage.run(r.stream, r.seq, r.subject, kind, 1, r.publishedAtNs?.toString() ?? null);
      tally(r.stream, r.seq).applied++;
    },

    recordQuarantined(r: IngestRecord, kind: string | null, reason: string): void {
      const ns = r.publishedAtNs?.toString() ?? null;
      insertMessage.run(r.stream, r.seq, r.subject, kind, 0, ns);
      const raw = r.payload.subarray(0, RAW_CAP_BYTES);
      insertQuarantine.run(
        r.stream,
        r.seq,
        r.subject,
        kind,
        reason,
        jsonTextOrNull(r.headers),
        raw,
        r.payload.byteLength,
        ns,
        Date.now(),
      );
      tally(r.stream, r.seq).quarantined++;
    },

    /** Writes the batch's tallies; called last, inside the batch transaction. */
    flushCursors(): void {
      for (const [stream, t] of tallies) {
        upsertCursor.run({
          stream,
          lastSeq: t.lastSeq,
          messages: t.applied + t.quarantined,
          applied: t.applied,
          quarantined: t.quarantined,
        });
      }
      tallies = new Map();
    },

    /** Forgets the tallies of a batch whose transaction rolled back. */
    discard(): void {
      tallies = new Map();
    },
  };
}

export type LedgerWriter = ReturnType<typeof createLedgerWriter>;
