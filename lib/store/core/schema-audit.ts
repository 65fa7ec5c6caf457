import "server-only";

/*
 * The audit trail. Every event's filterable facts (channel, executor, status, overall
 * decision, sandbox mode and the set of rules that decided on it) are few distinct
 * tuples: each tuple is a row of audit_combos and the event stores its id. Then:
 * - a filtered page walks audit_by_time newest first keeping the matching combos (one
 *   covering index serves every filter combination, instead of one index per filter);
 * - facet counts sum audit_counts_hour / _minute, per-combo counts maintained at write
 *   time, plus the partial minutes at the range's ends from audit_by_time: the cost
 *   follows the number of buckets, not the number of events (1M events in a range
 *   would otherwise mean 1M rows read per request).
 * `decision` is the event's overall verdict (deny over transform over allow, 'none'
 * without decisions); `sandbox_mode` is 'none' when the event states none.
 */
export const AUDIT_SCHEMA = `
CREATE TABLE audit_combos (
  id INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused, so a reader's cache stays valid
  channel TEXT NOT NULL,
  executor_id TEXT NOT NULL,
  status_norm TEXT NOT NULL,
  decision TEXT NOT NULL,
  sandbox_mode TEXT NOT NULL,
  rules TEXT NOT NULL,                    -- JSON array of the distinct rule names, sorted
  UNIQUE (channel, executor_id, status_norm, decision, sandbox_mode, rules)
);

CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  intent_id TEXT NOT NULL,
  channel TEXT NOT NULL,            -- policy | execution | security
  security_type TEXT,
  executor_id TEXT NOT NULL,
  result_status TEXT NOT NULL,
  status_norm TEXT NOT NULL,
  decision TEXT NOT NULL,
  timestamp_ns TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  sandbox_mode TEXT NOT NULL,
  cgroup_path TEXT,
  landlock INTEGER NOT NULL,
  seccomp INTEGER NOT NULL,
  resource_usage TEXT,
  security_context TEXT NOT NULL,
  combo INTEGER NOT NULL,
  fts_version INTEGER NOT NULL DEFAULT 0,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  -- The natural key: the same event published twice is kept once. Also the lookup by intent.
  UNIQUE (intent_id, channel, timestamp_ns, executor_id)
);
CREATE INDEX audit_by_time ON audit_events (ts_ms, id, combo);

CREATE TABLE audit_counts_hour (
  bucket INTEGER NOT NULL,          -- ts_ms / 3600000
  combo INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (bucket, combo)
) WITHOUT ROWID;

CREATE TABLE audit_counts_minute (
  bucket INTEGER NOT NULL,          -- ts_ms / 60000
  combo INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (bucket, combo)
) WITHOUT ROWID;

CREATE TABLE policy_decisions (
  audit_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  intent_id TEXT NOT NULL,
  rule_name TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (audit_id, position)
) WITHOUT ROWID;

-- Contentless; document rowid encodes event id, combo and version (see fts-docs.ts). No
-- column sizes: they serve only bm25 ranking, and the audit list sorts by time.
CREATE VIRTUAL TABLE audit_fts USING fts5 (
  rules, executor, cgroup, params, error,
  content = '', columnsize = 0
);
`;
