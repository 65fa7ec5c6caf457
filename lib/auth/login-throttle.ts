import type { AuthDb } from "./auth-db";

/**
 * Sign-in throttling that slows a guesser without locking the owner out.
 *
 * - Per (address, account): the first `maxFailures` failures cost nothing; each further one
 *   makes the next attempt from that address for that account wait 1 minute, doubling up to
 *   an hour. Another address is not slowed by it: the owner signing in from their own
 *   machine gets in during a guessing run against their account from elsewhere.
 * - Per address, across accounts: four times as many, then the same doubling (a guesser
 *   spraying user names).
 * - A quiet day forgets the failures; a successful sign-in forgets its (address, account).
 * - The access log gets one line per (address, account) per window, with how many attempts
 *   (failed or refused) it stands for, not a line per attempt.
 */
const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 3_600_000;
export const FORGET_MS = 24 * 3_600_000;
export const LOG_WINDOW_MS = 15 * 60_000;
const ANY_ACCOUNT = "";

// A type, not an interface: better-sqlite3 binds named parameters from a plain record.
type Row = {
  address: string;
  username: string;
  failures: number;
  last_ms: number;
  until_ms: number;
  unlogged: number;
  logged_ms: number | null;
};

/** An access-log line the caller writes: `attempts` failed or refused sign-ins since the previous line. */
export interface FailureLine {
  username: string | null;
  address: string;
  attempts: number;
}

export function delayAfter(failures: number, free: number): number {
  return failures < free ? 0 : Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - free, 20), MAX_DELAY_MS);
}

export function openLoginThrottle(db: AuthDb, maxFailures: number, now: () => number) {
  const get = db.prepare<Row>("SELECT * FROM login_throttle WHERE address = ? AND username = ?");
  const put = db.prepare(
    "INSERT OR REPLACE INTO login_throttle (address, username, failures, last_ms, until_ms, unlogged, logged_ms) VALUES (@address, @username, @failures, @last_ms, @until_ms, @unlogged, @logged_ms)",
  );
  const free = (username: string) => (username === ANY_ACCOUNT ? maxFailures * 4 : maxFailures);
  const current = (address: string, username: string): Row | undefined => {
    const r = get.get(address, username);
    return r && now() - r.last_ms <= FORGET_MS ? r : undefined;
  };

  /** The line a row's unlogged attempts make, and the row marked as logged. */
  const flush = (r: Row): FailureLine | null => {
    if (r.unlogged === 0) return null;
    const line = { username: r.username === ANY_ACCOUNT ? null : r.username, address: r.address, attempts: r.unlogged };
    r.unlogged = 0;
    r.logged_ms = now();
    return line;
  };

  return {
    /** How long this attempt must wait (0: it may be checked). */
    wait(username: string, address: string): number {
      const t = now();
      const waits = [current(address, username), current(address, ANY_ACCOUNT)].map((r) => (r ? r.until_ms - t : 0));
      return Math.max(0, ...waits);
    },

    /** A refused attempt: counted toward the next line of the row that refused it, never a row of its own. */
    refused(username: string, address: string): void {
      const pair = current(address, username);
      const r = pair && pair.until_ms > now() ? pair : current(address, ANY_ACCOUNT);
      if (r) put.run({ ...r, unlogged: r.unlogged + 1 });
    },

    /** A failed check; gives the access-log line to write, if this window has none yet. */
    failed: db.transaction((username: string, address: string): FailureLine | null => {
      const t = now();
      let line: FailureLine | null = null;
      for (const key of [username, ANY_ACCOUNT]) {
        const before = current(address, key);
        const failures = (before?.failures ?? 0) + 1;
        const r: Row = { address, username: key, failures, last_ms: t, until_ms: t + delayAfter(failures, free(key)), unlogged: before?.unlogged ?? 0, logged_ms: before?.logged_ms ?? null };
        if (key !== ANY_ACCOUNT) {
          r.unlogged++;
          if (r.logged_ms === null || t - r.logged_ms >= LOG_WINDOW_MS) line = flush(r);
        }
        put.run(r);
      }
      return line;
    }),

    /** A successful sign-in forgets this address's failures for this account (their line is written first). */
    succeeded: db.transaction((username: string, address: string): FailureLine | null => {
      const r = get.get(address, username);
      db.prepare("DELETE FROM login_throttle WHERE address = ? AND username = ?").run(address, username);
      return r ? flush(r) : null;
    }),

    /**
     * Bounded housekeeping: lines for attempts left unlogged past their window, then rows
     * quiet for a day. Returns the lines to write.
     */
    prune: db.transaction((limit: number): FailureLine[] => {
      const t = now();
      const due = db
        .prepare<Row>("SELECT * FROM login_throttle WHERE unlogged > 0 AND (logged_ms IS NULL OR logged_ms <= ?) LIMIT ?")
        .all(t - LOG_WINDOW_MS, limit);
      const lines: FailureLine[] = [];
      for (const r of due) {
        const line = flush(r);
        if (line) lines.push(line);
        put.run(r);
      }
      const stale = db.prepare<Row>("SELECT * FROM login_throttle WHERE last_ms < ? LIMIT ?").all(t - FORGET_MS, limit);
      for (const r of stale) {
        const line = flush(r);
        if (line) lines.push(line);
        db.prepare("DELETE FROM login_throttle WHERE address = ? AND username = ?").run(r.address, r.username);
      }
      return lines;
    }),
  };
}

export type LoginThrottle = ReturnType<typeof openLoginThrottle>;
