import "server-only";

/*
 * Version 8: what evidence bundles need (lib/store/evidence).
 * - message_bytes: each audit message's payload as received, byte for byte (a BLOB: no
 *   text decoding, no JSON round trip), keyed by where it came from. Audit events kept
 *   no raw message before; a bundle must carry the bytes, and JetStream cannot be counted
 *   on for them later (an Interest-retention AUDIT_SECURITY deletes each message once
 *   acked; Pilot's own streams are bounded by age and size), so the index keeps them, as
 *   it keeps intents' `raw`. Reindex fills it again from the streams like every table.
 * - intents by (stream, seq): a bundle reads intents in stream order.
 */
export const SCHEMA_EVIDENCE = `
-- A rowid table, not WITHOUT ROWID: payloads of a kilobyte or more would spill out of a
-- WITHOUT ROWID b-tree's cells into overflow pages (read 3x slower in bench:evidence).
CREATE TABLE message_bytes (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  raw BLOB NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX intents_by_stream_seq ON intents (stream, seq);
`;
