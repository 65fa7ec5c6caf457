/**
 * Accounts, sessions, sign-in attempts and Pilot's own access log. They live in their own
 * SQLite file, not in the index: the index is a cache that reindex drops and rebuilds
 * from the streams, and none of this is in any stream.
 */
export const AUTH_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT,              -- null: signs in only through SSO or the trusted proxy
  role TEXT NOT NULL CHECK (role IN ('viewer', 'auditor', 'admin')),
  disabled INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT 'local',   -- local | oidc | proxy
  created_ms INTEGER NOT NULL
);

-- The cookie holds a random token; only its SHA-256 is kept, so a copy of this file
-- signs nobody in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_ms INTEGER NOT NULL,
  seen_ms INTEGER NOT NULL,
  address TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL COLLATE NOCASE,
  address TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures (username, at_ms);
CREATE INDEX login_failures_by_address ON login_failures (address, at_ms);

-- Append-only: the triggers refuse to change or remove a line.
CREATE TABLE access_log (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  username TEXT,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT
);
CREATE INDEX access_log_by_time ON access_log (at_ms);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

CREATE TABLE oidc_states (
  state TEXT PRIMARY KEY,
  verifier TEXT NOT NULL,
  nonce TEXT NOT NULL,
  next TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
`,
  },
  {
    version: 2,
    sql: `
-- Who an account is outside Pilot: an SSO provider's issuer and subject, or the name the
-- trusted proxy vouches for. Accounts from outside are found only here, never by name.
CREATE TABLE external_identities (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id INTEGER NOT NULL UNIQUE REFERENCES users (id),
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (issuer, subject)
);
`,
  },
  {
    // Issue 18: a row per failed sign-in, never pruned, locked an account for everyone and
    // grew without bound. The throttle keeps one row per (address, account) and per address.
    version: 3,
    sql: `
DROP TABLE login_failures;
CREATE TABLE login_throttle (
  address TEXT NOT NULL,
  username TEXT NOT NULL COLLATE NOCASE,  -- '': the address across every account
  failures INTEGER NOT NULL,              -- failures in a row (forgotten after a quiet day)
  last_ms INTEGER NOT NULL,               -- the last failure
  until_ms INTEGER NOT NULL,              -- no attempt is checked before this
  unlogged INTEGER NOT NULL DEFAULT 0,    -- failed or refused attempts not yet in the access log
  logged_ms INTEGER,                      -- the last access-log line written for this row
  PRIMARY KEY (address, username)
) WITHOUT ROWID;
CREATE INDEX login_throttle_by_last ON login_throttle (last_ms);
CREATE INDEX sessions_by_seen ON sessions (seen_ms);
`,
  },
  {
    // Issue 18: accounts, sessions, the throttle and the access log are shared by every
    // replica on NATS (lib/auth/shared-*.ts). The tables above stay as an older Pilot left
    // them: the accounts are imported from them once (lib/auth/legacy-import.ts), and the
    // lines of access_log written before stay here, readable with sqlite3. This replica keeps
    // a cache of the shared log stream, keyed by its stream sequence, for the admin page's
    // filters and paging; it is rebuilt from the stream whenever it is deleted.
    version: 4,
    sql: `
CREATE TABLE shared_log_cache (
  id INTEGER PRIMARY KEY,          -- the line's sequence in the log stream
  at_ms INTEGER NOT NULL,
  username TEXT,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT
);
CREATE INDEX shared_log_cache_by_time ON shared_log_cache (at_ms);
CREATE TABLE shared_log_meta (
  stream TEXT PRIMARY KEY,         -- the log stream's name
  created TEXT NOT NULL            -- when the stream was created: another stream of that name starts the cache again
);
`,
  },
];
