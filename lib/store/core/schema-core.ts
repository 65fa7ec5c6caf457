import "server-only";

/*
 * Messages, cursors, quarantine, intents and results. Conventions for every table:
 * - nanosecond values are TEXT, digit for digit as the producer wrote them (u128 does not
 *   fit SQLite's INTEGER), next to a derived `*_ms` INTEGER used for sorting and filters;
 * - JSON columns hold `stringifyLossless` text, so big integers survive;
 * - every row names the (stream, seq) it came from, so the index can be compared with
 *   the streams and a row traced back to its message.
 */
export const CORE_SCHEMA = `
CREATE TABLE stream_cursors (
  stream TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL DEFAULT 0,
  messages INTEGER NOT NULL DEFAULT 0,     -- (stream, seq) rows held in messages
  applied INTEGER NOT NULL DEFAULT 0,      -- of which valid
  quarantined INTEGER NOT NULL DEFAULT 0   -- of which quarantined
) WITHOUT ROWID;

-- One row per stream message ever applied: the idempotency key and the ledger that
-- reindex compares with the streams.
CREATE TABLE messages (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  subject TEXT NOT NULL,
  kind TEXT,
  ok INTEGER NOT NULL,
  published_ns TEXT,
  PRIMARY KEY (stream, seq)
) WITHOUT ROWID;

CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  subject TEXT NOT NULL,
  kind TEXT,
  reason TEXT NOT NULL,
  headers TEXT,
  raw BLOB NOT NULL,          -- at most RAW_CAP_BYTES
  size INTEGER NOT NULL,      -- the payload's true size
  published_ns TEXT,
  received_ms INTEGER NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX quarantine_by_kind ON quarantine (kind, id);
CREATE INDEX quarantine_by_stream ON quarantine (stream, id);

CREATE TABLE intents (
  id TEXT PRIMARY KEY,        -- a rowid table: the rowid keys the FTS document
  capability TEXT NOT NULL,
  domain TEXT NOT NULL,
  signer TEXT NOT NULL,
  signature_state TEXT NOT NULL,
  signature_reason TEXT NOT NULL,
  stage TEXT NOT NULL,
  created_at_ns TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  ttl_ms INTEGER NOT NULL,
  expires_at_ns TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  nonce TEXT NOT NULL,
  params TEXT NOT NULL,
  metadata TEXT NOT NULL,
  search_text TEXT NOT NULL,  -- leaf values of params and metadata, for FTS documents
  capability_digest TEXT,
  session_id TEXT,
  node_id TEXT,
  raw TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  -- Resolved from the result and the audit trail by whichever side arrives second.
  status TEXT NOT NULL DEFAULT 'pending',
  result_status TEXT,
  error_code TEXT,
  duration_ms REAL,
  ran_late INTEGER,
  decision TEXT,
  executor_id TEXT,
  fts_version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX intents_by_time ON intents (created_ms, id);
CREATE INDEX intents_by_capability ON intents (capability, created_ms, id);
CREATE INDEX intents_by_domain ON intents (domain, created_ms, id);
CREATE INDEX intents_by_status ON intents (status, created_ms, id);
CREATE INDEX intents_by_signature ON intents (signature_state, created_ms, id);
CREATE INDEX intents_by_signer ON intents (signer, created_ms, id);

-- Contentless; document rowid = intents.rowid * 8 + version (see fts-docs.ts). No
-- column sizes: they serve only bm25 ranking, and lists sort by time.
CREATE VIRTUAL TABLE intent_fts USING fts5 (ident, body, error, content = '', columnsize = 0);

CREATE TABLE results (
  intent_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  status_norm TEXT NOT NULL,
  error_code TEXT,
  error_message TEXT,
  started_at_ns TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  finished_at_ns TEXT NOT NULL,
  finished_ms INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  runner_meta TEXT NOT NULL,
  output TEXT,
  audit_ref TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL
);
`;
