import "server-only";

/*
 * Newt task replies (the scorecards' source), SkillLite tasks and results, benchmark
 * events and the rest of Smith's events. Scorecard columns are pulled out of the reply
 * so that the aggregates are plain SUM / COUNT over an index, never JSON parsing.
 */
export const AGENTS_SCHEMA = `
CREATE TABLE newt_pilots (
  id INTEGER PRIMARY KEY,          -- order of first appearance: the list's stable key
  pilot_id TEXT NOT NULL UNIQUE,
  stream TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  first_ns TEXT,
  last_ns TEXT,
  replies INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE newt_replies (
  id INTEGER PRIMARY KEY,
  pilot_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  model_id TEXT NOT NULL,
  emission_shape TEXT,
  empty_diff INTEGER NOT NULL,
  diff_applied INTEGER NOT NULL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost_usd REAL,
  end_reason TEXT,
  hallucinations INTEGER NOT NULL,
  elapsed_ms INTEGER,
  endpoint TEXT,
  raw TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  UNIQUE (pilot_id, model_id, task_id)
);
CREATE INDEX newt_replies_by_model ON newt_replies (model_id, pilot_id);

CREATE TABLE skilllite_tasks (
  id TEXT PRIMARY KEY,
  description TEXT NOT NULL,
  workspace TEXT NOT NULL,
  session_key TEXT NOT NULL,
  required_capabilities TEXT NOT NULL,
  tool_hint TEXT,
  raw TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX skilllite_tasks_by_session ON skilllite_tasks (session_key);

CREATE TABLE skilllite_results (
  task_id TEXT PRIMARY KEY,
  response TEXT NOT NULL,
  task_completed INTEGER NOT NULL,
  tool_calls INTEGER NOT NULL,
  completion_type TEXT,
  new_skill TEXT,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  total_tokens INTEGER,
  raw TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL
);

CREATE TABLE benchmark_events (
  id INTEGER PRIMARY KEY,
  benchmark_kind TEXT NOT NULL,
  run_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  ts TEXT NOT NULL,
  ts_ms INTEGER,
  policy_id TEXT NOT NULL,
  cfg_hash TEXT NOT NULL,
  env_hash TEXT NOT NULL,
  seed TEXT NOT NULL,
  event TEXT NOT NULL,
  data TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  UNIQUE (run_id, step_id, event_type)
);
CREATE INDEX benchmark_events_by_run ON benchmark_events (run_id, ts_ms);

-- Smith's Event envelopes other than graph deltas (lifecycle, health, logs, ...).
CREATE TABLE smith_events (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,
  category TEXT NOT NULL,
  source TEXT NOT NULL,
  type TEXT NOT NULL,
  request_id TEXT,
  data TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX smith_events_by_source ON smith_events (category, source, id);
`;
