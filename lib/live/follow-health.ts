/**
 * How far behind its stream one follower is, and whether it is time to recreate its
 * consumer. Pure bookkeeping over what the follower hears (messages with their pending
 * counts, consumer info, stream info, failures), so that the rules can be tested without
 * a server. A live view must never look current while it is not: this is where "behind"
 * is decided.
 */

export type FeedHealth =
  | { state: "current" }
  /** `exact` false: `messages` is the stream's count past the view, an upper bound for a filtered consumer. */
  | { state: "behind"; messages: number; exact: boolean; since: number }
  /** Neither the consumer nor the stream answered: whether anything is missed is unknown. */
  | { state: "unreachable"; since: number; reason: string };

/** Behind this long with no progress: the view says so, and a new consumer is opened. */
export const STALL_MS = 3_000;
/** Heard nothing this long: ask the consumer how much it still holds for the view. */
export const PROBE_QUIET_MS = 4_000;
/** A new consumer gets this long to deliver before the next one replaces it. */
export const RECREATE_GRACE_MS = 5_000;

export class LagTracker {
  private applied: number;
  private backlog = 0;
  private exact = true;
  /** When a backlog was first known with no progress after it; null when there is none. */
  private backlogSince: number | null = null;
  private unreachableSince: number | null = null;
  private reason = "";
  private lastHeard: number;
  private recreatedAt: number;

  constructor(afterSeq: number, now: number) {
    this.applied = afterSeq;
    this.lastHeard = now;
    this.recreatedAt = now;
  }

  get lastApplied(): number {
    return this.applied;
  }

  private setBacklog(count: number, exact: boolean, now: number, progressed: boolean): void {
    this.backlog = Math.max(0, count);
    this.exact = exact;
    if (this.backlog === 0) this.backlogSince = null;
    // Progress restarts the clock: a view that is catching up is not stalled.
    else if (progressed || this.backlogSince === null) this.backlogSince = now;
  }

  /** A message came (`pending`: what the consumer still held for the view after it). */
  delivered(seq: number, pending: number, now: number): void {
    this.lastHeard = now;
    this.unreachableSince = null;
    const progressed = seq > this.applied;
    if (progressed) this.applied = seq;
    // A replayed message (already applied) says nothing about what is still to come.
    if (progressed) this.setBacklog(pending, true, now, true);
  }

  /** The consumer answered: `pending` counts what it has not delivered plus what is in flight. */
  probed(pending: number, now: number): void {
    this.lastHeard = now;
    this.unreachableSince = null;
    this.setBacklog(pending, true, now, false);
  }

  /** The stream's last sequence; `exact` when the consumer's filter is the whole stream. */
  streamHead(lastSeq: number, exact: boolean, now: number): void {
    this.lastHeard = now;
    this.setBacklog(lastSeq - this.applied, exact || lastSeq <= this.applied, now, false);
  }

  /** A new consumer from just after the last applied sequence; `pending` from its create answer. */
  opened(pending: number, now: number): void {
    this.lastHeard = now;
    this.recreatedAt = now;
    this.unreachableSince = null;
    this.setBacklog(pending, true, now, false);
  }

  /** The consumer (or the stream) did not answer, or the consumer is gone. */
  unreachable(reason: string, now: number): void {
    this.lastHeard = now;
    this.unreachableSince ??= now;
    this.reason = reason;
  }

  private stalled(now: number): boolean {
    return this.backlog > 0 && this.backlogSince !== null && now - this.backlogSince >= STALL_MS;
  }

  shouldProbe(now: number): boolean {
    return now - this.lastHeard >= PROBE_QUIET_MS;
  }

  shouldRecreate(now: number): boolean {
    if (now - this.recreatedAt < RECREATE_GRACE_MS) return false;
    return this.unreachableSince !== null || this.stalled(now);
  }

  health(now: number): FeedHealth {
    if (this.stalled(now) && this.backlogSince !== null)
      return {
        state: "behind",
        messages: this.backlog,
        exact: this.exact,
        since: this.backlogSince,
      };
    if (this.unreachableSince !== null && now - this.unreachableSince >= STALL_MS)
      return { state: "unreachable", since: this.unreachableSince, reason: this.reason };
    return { state: "current" };
  }
}
