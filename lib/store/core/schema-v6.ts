import "server-only";

/*
 * Real shapes indexed as what they carry (issue 16, item 7):
 * - SkillLite results arrive bare, wrapped by the agent RPC (`{"event":"done","data":…}`,
 *   whose task_id is a fresh UUID: the subject's task id is the key, the payload's is
 *   kept beside it), or as swarm NDJSON lines; the agent-reported usage counts and the
 *   Repo Wiki suggestion are kept. Swarm progress lines and error bodies are events of the
 *   task, not results.
 * - `smith.benchmark.task_features.<task_id>` carries `TaskFeatures`, not a BenchmarkEvent.
 * - `smith.policies.updates` carries `PolicyUpdate` (upsert / remove / reset): the policy
 *   change log, newest first by id (ingest order is stream order).
 */
export const SCHEMA_V6 = `
ALTER TABLE skilllite_results ADD COLUMN payload_task_id TEXT;
ALTER TABLE skilllite_results ADD COLUMN via TEXT;
ALTER TABLE skilllite_results ADD COLUMN responses_with_usage INTEGER;
ALTER TABLE skilllite_results ADD COLUMN responses_without_usage INTEGER;
ALTER TABLE skilllite_results ADD COLUMN wiki_update_suggestion TEXT;

CREATE TABLE skilllite_events (
  id INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL,
  via TEXT NOT NULL,               -- swarm (an HTTP error body), swarm-stream, agent-rpc
  event TEXT NOT NULL,             -- received, executing, error, ...
  code TEXT,                       -- the error body's "error": no_match, forward_failed, ...
  message TEXT,
  raw TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX skilllite_events_by_task ON skilllite_events (task_id, id);

CREATE TABLE benchmark_task_features (
  id INTEGER PRIMARY KEY,
  task_id TEXT,                    -- from the subject: TaskFeatures carries none
  domain TEXT NOT NULL,
  repo_size_mb REAL NOT NULL,
  file_count INTEGER NOT NULL,
  dependency_count INTEGER NOT NULL,
  test_count INTEGER NOT NULL,
  complexity_score REAL NOT NULL,
  historical_failure_rate REAL NOT NULL,
  avg_completion_time_ms TEXT NOT NULL,
  language_mix TEXT NOT NULL,
  raw TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX benchmark_task_features_by_task ON benchmark_task_features (task_id, id);

CREATE TABLE policy_updates (
  id INTEGER PRIMARY KEY,
  action TEXT NOT NULL,            -- upsert, remove, reset
  policy_id TEXT,                  -- upsert, remove
  capability TEXT,                 -- upsert; reset (null = every capability)
  version TEXT,                    -- upsert (u64)
  tenant TEXT,
  priority INTEGER,
  entrypoint TEXT,
  published_ns TEXT,
  raw TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  UNIQUE (stream, seq)
);
`;
