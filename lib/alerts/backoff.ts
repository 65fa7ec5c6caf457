/**
 * When each attempt to deliver a firing starts, counted from the first: attempt 1 at once,
 * then waits of base, 2·base, 4·base ... capped at `capMs`. No jitter: the one shared
 * consumer hands each firing to one replica, so there is no herd to spread out, and a
 * fixed schedule is what the delivery log can be checked against.
 */
export interface BackoffSettings {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

/** The wait before attempt `attempt` (1-based); 0 for the first. */
export function backoffDelay(attempt: number, s: BackoffSettings): number {
  if (attempt <= 1) return 0;
  return Math.min(s.capMs, s.baseMs * 2 ** (attempt - 2));
}

/** Every wait of a delivery that fails each time, for the README and the test. */
export function backoffSchedule(s: BackoffSettings): number[] {
  return Array.from({ length: s.maxAttempts }, (_, i) => backoffDelay(i + 1, s));
}

/** Whether an answer is worth another attempt: no answer, a timeout, 408, 429 or a 5xx. A 4xx other than those would fail the same way again. */
export function isRetryable(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}
