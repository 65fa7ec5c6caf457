import "server-only";
import type Database from "better-sqlite3";
import { FRAME, encodeFrame, type PayloadEntry } from "../audit/payload-frames";
import { writtenOut } from "../audit/payload-columns";

/*
 * Version 10: each audit event's payload kept once and compactly (issue 21: index bytes
 * per event). Before, an event's message was kept twice over: its bytes as received in
 * message_bytes (~800 B with its index), and its shown columns as JSON text in its row
 * (security context, resource usage, decisions, cgroup path: ~650 B), next to facts its
 * combo already names (channel, executor, status, decision, sandbox mode). Now:
 * - audit_payloads: the messages, 64 event ids to a zstd frame (audit/payload-frames.ts);
 *   the shown columns are derived from them (audit/payload-columns.ts);
 * - audit_events keeps keys, time and combo; its natural key (intent, channel, timestamp,
 *   executor) is checked by the writer through audit_by_intent (channel and executor are
 *   the combo's), a third of the size of the unique index it replaces;
 * - audit_by_seq finds an event by the message it came from (evidence bundles).
 * An existing index is converted in place: each event's message bytes when it has them,
 * else its old columns written out (`writtenOut`), so that every answer stays the same.
 */
export const SCHEMA_V10 =
  "CREATE TABLE audit_payloads (frame INTEGER PRIMARY KEY, data BLOB NOT NULL);";

export const REBUILD_V10 = `
CREATE TABLE audit_events_v10 (
  id INTEGER PRIMARY KEY,
  intent_id TEXT NOT NULL,
  security_type TEXT,
  timestamp_ns TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  combo INTEGER NOT NULL,
  fts_version INTEGER NOT NULL DEFAULT 0,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL
);
INSERT INTO audit_events_v10 (id, intent_id, security_type, timestamp_ns, ts_ms, combo, fts_version, stream, seq)
  SELECT id, intent_id, security_type, timestamp_ns, ts_ms, combo, fts_version, stream, seq FROM audit_events ORDER BY id;
DROP TABLE audit_events;
DROP TABLE message_bytes;
ALTER TABLE audit_events_v10 RENAME TO audit_events;
CREATE INDEX audit_by_time ON audit_events (ts_ms, id, combo);
CREATE INDEX audit_by_intent ON audit_events (intent_id);
CREATE INDEX audit_by_seq ON audit_events (seq);
`;

type OldRow = [
  id: number,
  resultStatus: string,
  cgroupPath: string | null,
  landlock: number,
  seccomp: number,
  resourceUsage: string | null,
  securityContext: string,
  decisions: string,
  raw: Uint8Array | null,
];

/** Fills audit_payloads from the version 9 rows, then rebuilds audit_events without the copies. */
export function migrateToV10(db: Database.Database): void {
  const rows = db
    .prepare<OldRow>(
      `SELECT a.id, a.result_status, a.cgroup_path, a.landlock, a.seccomp, a.resource_usage,
        a.security_context, a.decisions, m.raw
      FROM audit_events a LEFT JOIN message_bytes m ON m.stream = a.stream AND m.seq = a.seq
      WHERE a.id >= ? AND a.id < ? ORDER BY a.id`,
    )
    .raw();
  const top = db.prepare<number | null>("SELECT max(id) FROM audit_events").pluck().get() ?? 0;
  const put = db.prepare("INSERT INTO audit_payloads (frame, data) VALUES (?, ?)");
  let frame = -1;
  let entries: PayloadEntry[] = [];
  const flush = () => {
    if (entries.length > 0) put.run(frame, encodeFrame(entries));
    entries = [];
  };
  // A connection cannot write while a statement iterates: read a run of whole frames, then write.
  const RUN = FRAME * 256;
  for (let from = 0; from <= top; from += RUN) {
    for (const [id, status, cgroup, landlock, seccomp, usage, context, decisions, raw] of rows.all(from, from + RUN)) {
      const f = Math.floor(id / FRAME);
      if (f !== frame) {
        flush();
        frame = f;
      }
      const shown = { result_status: status, cgroup_path: cgroup, landlock, seccomp, resource_usage: usage, security_context: context, decisions };
      // An event without its message keeps its columns, written out (payload-columns.ts).
      const bytes = raw ?? writtenOut(shown);
      entries.push({ slot: id % FRAME, original: raw !== null, bytes: Uint8Array.from(bytes) });
    }
  }
  flush();
  db.exec(REBUILD_V10);
}
