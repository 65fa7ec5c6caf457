/**
 * What ingest reports about itself: per source stream, and for the whole process. Plain
 * data, so that the health route can read it from the process singleton and the scripts
 * can print it.
 */

export type Retention = "limits" | "interest" | "workqueue";

export type SourceState =
  /** Reading the stream's info and binding its durable consumer. */
  | "starting"
  /** Fetching and applying; `lag` says how far behind the stream it is. */
  | "running"
  /** A WorkQueue stream, or a stream the index is ahead of: never consumed. */
  | "refused"
  /** The stream does not exist (yet); retried. */
  | "missing"
  /** The last attempt failed (NATS down, consumer deleted, store error); retried. */
  | "error"
  | "stopped";

export interface SourceStatus {
  stream: string;
  durable: string;
  state: SourceState;
  retention: Retention | null;
  /** Highest stream sequence this process applied (or the index held at start-up). */
  lastAppliedSeq: number;
  /** The stream's last sequence when last read. */
  streamLastSeq: number | null;
  /** Messages the consumer has not delivered yet (JetStream's num_pending). */
  lag: number | null;
  applied: number;
  duplicates: number;
  quarantined: number;
  /** Messages a second over the last few seconds. */
  rate: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastBatchAt: string | null;
}

export type IngestState = "running" | "stopped" | "error";

export interface IngestStatus {
  state: IngestState;
  startedAt: string;
  batch: number;
  sources: SourceStatus[];
  lastError: string | null;
}

export function initialSourceStatus(stream: string, durable: string, lastAppliedSeq: number): SourceStatus {
  return {
    stream,
    durable,
    state: "starting",
    retention: null,
    lastAppliedSeq,
    streamLastSeq: null,
    lag: null,
    applied: 0,
    duplicates: 0,
    quarantined: 0,
    rate: 0,
    lastError: null,
    lastErrorAt: null,
    lastBatchAt: null,
  };
}

/** The whole process: "error" as soon as one source is in error or refused. */
export function overallState(sources: readonly SourceStatus[], stopped: boolean): IngestState {
  if (stopped) return "stopped";
  return sources.some((s) => s.state === "error" || s.state === "refused" || s.state === "missing")
    ? "error"
    : "running";
}

/** Messages a second over a sliding window of recent batches. */
export class RateMeter {
  private readonly samples: { at: number; n: number }[] = [];
  constructor(private readonly windowMs = 5000) {}

  add(n: number, at = Date.now()): void {
    this.samples.push({ at, n });
    this.trim(at);
  }

  rate(at = Date.now()): number {
    this.trim(at);
    const first = this.samples[0];
    if (!first) return 0;
    const total = this.samples.reduce((sum, s) => sum + s.n, 0);
    // At least one second of span, so that a single batch does not read as a spike.
    return (total * 1000) / Math.max(1000, at - first.at);
  }

  private trim(at: number): void {
    while (this.samples.length > 0 && (this.samples[0]?.at ?? at) < at - this.windowMs) this.samples.shift();
  }
}
