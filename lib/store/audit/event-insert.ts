import "server-only";
import type { Db } from "../core/db";

/** What an audit event's row holds (schema-v10.ts), and the natural key's two combo facts. */
export interface AuditEventKey {
  intentId: string;
  channel: string;
  executor: string;
  securityType: string | null;
  /** Exact nanoseconds as the producer wrote them. */
  timestampNs: string;
  tsMs: number;
  combo: number;
  stream: string;
  seq: number;
}

/**
 * Inserts an audit event unless its natural key (intent, channel, timestamp, executor) is
 * held: the same event published twice is kept once. The key is checked through
 * audit_by_intent (an intent has a handful of events) and the combo's channel and
 * executor, instead of a unique index repeating all four per event (~100 B an event).
 * One writer at a time (the write transaction), so check-then-insert cannot race.
 */
export function createAuditEventInsert(db: Db) {
  const held = db
    .prepare(
      `SELECT 1 FROM audit_events a CROSS JOIN audit_combos c ON c.id = a.combo
      WHERE a.intent_id = ? AND a.timestamp_ns = ? AND c.channel = ? AND c.executor_id = ? LIMIT 1`,
    )
    .pluck();
  const insert = db.prepare(`INSERT INTO audit_events
    (intent_id, security_type, timestamp_ns, ts_ms, combo, stream, seq) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  return {
    /** The new event's id, or null when its natural key was already indexed. */
    insert(k: AuditEventKey): number | null {
      if (held.get(k.intentId, k.timestampNs, k.channel, k.executor) !== undefined) return null;
      const res = insert.run(k.intentId, k.securityType, k.timestampNs, k.tsMs, k.combo, k.stream, k.seq);
      return Number(res.lastInsertRowid);
    },
  };
}
