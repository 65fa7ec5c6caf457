import type { SharedBucket } from "./shared-bucket";
import { keys, throttleRecord, type ThrottleRecord } from "./shared-records";

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
 *
 * The rows are in the shared store's throttle bucket, so a guesser spreading attempts over
 * every replica behind the balancer counts against one limit. Every change is a
 * compare-and-set at the revision read, retried on a conflict: two replicas counting a
 * failure at the same moment both count, and only one writes a window's log line.
 */
const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 3_600_000;
export const FORGET_MS = 24 * 3_600_000;
export const LOG_WINDOW_MS = 15 * 60_000;
const ANY_ACCOUNT = "";
/**
 * Compare-and-set attempts before giving up on a row: each loss means another attempt was
 * counted just now, so a burst of n parallel attempts needs up to n rounds; the jitter
 * between rounds spreads the contenders out.
 */
const CAS_TRIES = 64;
const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 5));

/** An access-log line the caller writes: `attempts` failed or refused sign-ins since the previous line. */
export interface FailureLine {
  username: string | null;
  address: string;
  attempts: number;
}

export function delayAfter(failures: number, free: number): number {
  return failures < free ? 0 : Math.min(BASE_DELAY_MS * 2 ** Math.min(failures - free, 20), MAX_DELAY_MS);
}

export function openLoginThrottle(bucket: SharedBucket, maxFailures: number, now: () => number) {
  const free = (username: string) => (username === ANY_ACCOUNT ? maxFailures * 4 : maxFailures);
  const read = async (address: string, username: string) => {
    const e = await bucket.get(keys.throttle(address, username), throttleRecord);
    return { revision: e?.revision ?? null, row: e && now() - e.value.lastMs <= FORGET_MS ? e.value : undefined };
  };
  /** Writes `row` at the revision read (or only if absent); false when another replica wrote first. */
  const write = async (revision: number | null, row: ThrottleRecord) => {
    const key = keys.throttle(row.address, row.username);
    return (revision === null ? await bucket.create(key, row) : await bucket.update(key, row, revision)) !== null;
  };
  /** Reads, changes and writes one row until the write lands (compare-and-set). */
  const change = async <T>(address: string, username: string, fn: (row: ThrottleRecord | undefined) => { row: ThrottleRecord | null; out: T }): Promise<T | null> => {
    for (let i = 0; i < CAS_TRIES; i++) {
      const { revision, row } = await read(address, username);
      const next = fn(row === undefined ? undefined : { ...row });
      if (next.row === null) return next.out;
      if (await write(revision, next.row)) return next.out;
      await jitter();
    }
    console.warn(`[auth] a throttle row changed ${CAS_TRIES} times while being counted: this attempt is not counted`);
    return null;
  };

  /** The line a row's unlogged attempts make, and the row marked as logged. */
  const flush = (r: ThrottleRecord): FailureLine | null => {
    if (r.unlogged === 0) return null;
    const line = { username: r.username === ANY_ACCOUNT ? null : r.username, address: r.address, attempts: r.unlogged };
    r.unlogged = 0;
    r.loggedMs = now();
    return line;
  };

  return {
    /** How long this attempt must wait (0: it may be checked). */
    async wait(username: string, address: string): Promise<number> {
      const t = now();
      const rows = await Promise.all([read(address, username), read(address, ANY_ACCOUNT)]);
      return Math.max(0, ...rows.map(({ row }) => (row ? row.untilMs - t : 0)));
    },

    /** A refused attempt: counted toward the next line of the row that refused it, never a row of its own. */
    async refused(username: string, address: string): Promise<void> {
      const pair = await read(address, username);
      const key = pair.row && pair.row.untilMs > now() ? username : ANY_ACCOUNT;
      await change(address, key, (r) => ({ row: r ? { ...r, unlogged: r.unlogged + 1 } : null, out: undefined }));
    },

    /** A failed check; gives the access-log line to write, if this window has none yet. */
    async failed(username: string, address: string): Promise<FailureLine | null> {
      let line: FailureLine | null = null;
      for (const key of [username, ANY_ACCOUNT]) {
        const out = await change(address, key, (before) => {
          const t = now();
          const failures = (before?.failures ?? 0) + 1;
          const r: ThrottleRecord = { address, username: key, failures, lastMs: t, untilMs: t + delayAfter(failures, free(key)), unlogged: before?.unlogged ?? 0, loggedMs: before?.loggedMs ?? null };
          let l: FailureLine | null = null;
          if (key !== ANY_ACCOUNT) {
            r.unlogged++;
            if (r.loggedMs === null || t - r.loggedMs >= LOG_WINDOW_MS) l = flush(r);
          }
          return { row: r, out: l };
        });
        if (out) line = out;
      }
      return line;
    },

    /** A successful sign-in forgets this address's failures for this account (their line is written first). */
    async succeeded(username: string, address: string): Promise<FailureLine | null> {
      for (let i = 0; i < CAS_TRIES; i++) {
        const e = await bucket.get(keys.throttle(address, username), throttleRecord);
        if (!e) return null;
        if (await bucket.remove(e.key, e.revision)) return flush({ ...e.value });
        await jitter();
      }
      return null;
    },

    /**
     * Bounded housekeeping over this replica's mirror of the rows: lines for attempts left
     * unlogged past their window, then rows quiet for a day (the bucket's TTL removes what
     * no replica got to). Each is a compare-and-set, so of replicas pruning at once only
     * one writes a given line. Returns the lines to write.
     */
    async prune(limit: number): Promise<FailureLine[]> {
      const t = now();
      const lines: FailureLine[] = [];
      const rows = bucket.entries("t.", throttleRecord);
      const due = rows.filter((e) => e.value.unlogged > 0 && (e.value.loggedMs === null || e.value.loggedMs <= t - LOG_WINDOW_MS) && e.value.lastMs >= t - FORGET_MS).slice(0, limit);
      for (const e of due) {
        const r = { ...e.value };
        const line = flush(r);
        if (line && (await bucket.update(e.key, r, e.revision)) !== null) lines.push(line);
      }
      const stale = rows.filter((e) => e.value.lastMs < t - FORGET_MS).slice(0, limit);
      for (const e of stale) {
        const line = flush({ ...e.value });
        if ((await bucket.remove(e.key, e.revision)) && line) lines.push(line);
      }
      return lines;
    },
  };
}

export type LoginThrottle = ReturnType<typeof openLoginThrottle>;
