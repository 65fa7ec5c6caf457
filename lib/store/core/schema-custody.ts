import "server-only";

/*
 * Version 5: the chain of custody on real data.
 * - intent_copies: every further copy of an intent id whose bytes differ from the copy the
 *   intents row holds (the first one received). A redelivery is byte-identical and is not
 *   kept; a copy with other bytes is an anomaly an auditor must see, so each is kept with
 *   its own signature verdict, never dropped. Few rows: only conflicts land here.
 * - A runner timeout or kill that the executor reported as `error` / `EXECUTION_OTHER`
 *   (see resultOutcome in lib/protocol/smith-result.ts) is filed as `timeout` / `killed`;
 *   rows indexed before this version are brought in line (their original status and code
 *   stay as they were written).
 */
/** Re-files the rows indexed before version 5 (also run alone by its test). */
export const REFILE_RUNNER_STATUSES = `
UPDATE results SET status_norm = CASE
    WHEN rtrim(error_message) LIKE '%status: Timeout' THEN 'timeout'
    ELSE 'killed' END
  WHERE status_norm = 'error' AND error_code = 'EXECUTION_OTHER'
    AND (rtrim(error_message) LIKE '%status: Timeout' OR rtrim(error_message) LIKE '%status: Killed');
UPDATE intents SET status = (SELECT r.status_norm FROM results r WHERE r.intent_id = intents.id)
  WHERE status = 'error' AND error_code = 'EXECUTION_OTHER'
    AND id IN (SELECT intent_id FROM results WHERE status_norm IN ('timeout', 'killed'));
`;

export const SCHEMA_CUSTODY = `
CREATE TABLE intent_copies (
  id INTEGER PRIMARY KEY,
  intent_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  subject TEXT NOT NULL,
  raw TEXT NOT NULL,
  signature_state TEXT NOT NULL,
  signature_reason TEXT NOT NULL,
  capability_digest TEXT,
  published_ns TEXT,
  received_ms INTEGER NOT NULL,
  UNIQUE (stream, seq)
);
CREATE INDEX intent_copies_by_intent ON intent_copies (intent_id, id);
${REFILE_RUNNER_STATUSES}`;
