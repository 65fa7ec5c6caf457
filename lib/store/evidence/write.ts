import "server-only";
import type { Db } from "../core/db";
import type { IngestRecord } from "../core/types";

/**
 * Keeps an audit message's payload as received (schema-evidence.ts). A view of the
 * payload's memory, not a copy: SQLite copies it into the page anyway.
 */
export function createMessageBytesWriter(db: Db) {
  const insert = db.prepare("INSERT OR IGNORE INTO message_bytes (stream, seq, raw) VALUES (?, ?, ?)");
  return {
    keep(r: IngestRecord): void {
      insert.run(r.stream, r.seq, Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength));
    },
  };
}
