import type { NatsConnection } from "@nats-io/nats-core";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { durableName } from "./consumer-setup";
import { announcePresence, findOtherIngest, type Presence } from "./presence";
import type { IngestStore } from "./batch";
import { runSource, type SourceContext, type SourceRun } from "./source-loop";
import { initialSourceStatus, overallState, RateMeter, type IngestStatus } from "./status";

export interface IngestOptions {
  /** Pilot's server connection (user `pilot`); called again after a failure. */
  connection: () => Promise<NatsConnection>;
  store: IngestStore;
  sources: readonly string[];
  batch: number;
  consumerPrefix: string;
  /** Per stream: stop once this sequence is applied (reindex); absent = run until stopped. */
  until?: Readonly<Record<string, number>>;
  fetchExpiresMs?: number;
  retryMs?: number;
  log?: (line: string) => void;
  onBatch?: (stream: string, messages: number) => void;
}

export interface Ingest {
  status(): IngestStatus;
  /** Stops fetching, lets the batch in hand commit and ack, then resolves. */
  stop(): Promise<void>;
  /** Resolves when every source has ended (stopped, refused, or caught up with `until`). */
  done: Promise<void>;
}

/**
 * One durable pull consumer per source stream, each in its own loop; the store's
 * `applyBatch` is synchronous, so the loops' transactions never interleave.
 */
export function startIngest(o: IngestOptions): Ingest {
  const abort = new AbortController();
  const startedAt = new Date().toISOString();
  let clients: Promise<Awaited<ReturnType<SourceContext["js"]>>> | null = null;
  let conn: NatsConnection | null = null;
  let presence: Presence | null = null;
  // The last exclusive turn queued; the next one starts on a fresh event-loop turn after it.
  let turn: Promise<void> = Promise.resolve();
  const ctx: SourceContext = {
    js: () => {
      // A connection closed for good (not reconnecting) is replaced on the next attempt.
      if (conn?.isClosed()) clients = conn = null;
      if (!clients) {
        const pending = o.connection().then(async (nc) => {
          conn = nc;
          presence?.stop();
          presence = announcePresence(nc, o.consumerPrefix);
          return {
            js: jetstream(nc, { timeout: 10_000 }),
            // No API probe: a source's first call fails (and is retried) if JetStream is off.
            jsm: await jetstreamManager(nc, { checkAPI: false, timeout: 10_000 }),
          };
        });
        // A failed connection is not kept: the next attempt connects again.
        pending.catch(() => {
          if (clients === pending) clients = null;
        });
        clients = pending;
      }
      return clients;
    },
    store: o.store,
    peer: async () => {
      await ctx.js();
      return conn ? findOtherIngest(conn, o.consumerPrefix, presence?.id) : null;
    },
    flush: async () => {
      await conn?.flush();
    },
    exclusive: (work) => {
      const run = turn.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
      turn = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    batch: o.batch,
    fetchExpiresMs: o.fetchExpiresMs ?? 1000,
    retryMs: o.retryMs ?? 2000,
    signal: abort.signal,
    log: o.log ?? (() => {}),
    onBatch: o.onBatch,
  };
  const cursors = o.store.cursors();
  const runs: SourceRun[] = o.sources.map((stream) => ({
    status: initialSourceStatus(stream, durableName(o.consumerPrefix, stream), cursors[stream] ?? 0),
    meter: new RateMeter(),
    until: o.until?.[stream],
  }));
  const done = Promise.all(runs.map((run) => runSource(ctx, run))).then(() => {
    presence?.stop();
  });
  let ended = false;
  void done.then(() => (ended = true));

  return {
    status() {
      const sources = runs.map((r) => ({ ...r.status, rate: r.meter.rate() }));
      const firstError = sources.find((s) => s.state !== "running" && s.lastError);
      return {
        // Ended by itself: caught up (reindex) or every source refused.
        state: abort.signal.aborted
          ? "stopped"
          : ended
            ? sources.some((s) => s.state === "refused") ? "error" : "stopped"
            : overallState(sources, false),
        startedAt,
        batch: o.batch,
        sources,
        lastError: firstError ? `${firstError.stream}: ${firstError.lastError}` : null,
      };
    },
    async stop() {
      abort.abort();
      await done;
    },
    done,
  };
}
