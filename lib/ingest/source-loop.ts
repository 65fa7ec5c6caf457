import type { Consumer, JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { applyAndAck, collect, prepareFetched, type ApplyContext, type PreparedFetch } from "./batch";
import { aboutConsumer, ConsumerLeaderless, LEADERLESS_MS, setupSource } from "./consumer-setup";
import type { RateMeter, SourceStatus } from "./status";
import { abortableSleep } from "../nats/abortable-sleep";

export interface SourceContext extends ApplyContext {
  js: () => Promise<{ js: JetStreamClient; jsm: JetStreamManager }>;
  /** Another running ingest on the same durable consumers (host and pid), or null. */
  peer: () => Promise<string | null>;
  /**
   * Runs `work` alone (one source at a time) and on a fresh turn of the event loop: a long
   * synchronous transaction must not starve the other sources' fetches of their heartbeats.
   */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>;
  batch: number;
  /** How long one fetch waits for a full batch; the index lags at most this much when quiet. */
  fetchExpiresMs: number;
  retryMs: number;
  /** How long a consumer may have no leader before it is replaced (where that is safe). */
  leaderlessMs?: number;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface SourceRun {
  status: SourceStatus;
  meter: RateMeter;
  /**
   * Stop once this run has fetched up to this stream sequence, or when the consumer has
   * nothing left to deliver (reindex, measurements). Absent: run until stopped.
   */
  until?: number;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}


function noteError(run: SourceRun, text: string): void {
  run.status.lastError = text;
  run.status.lastErrorAt = new Date().toISOString();
}


/** A batch this large or smaller may have the next one fetched during the writes. */
const PREFETCH_AFTER_BYTES = 8 * 1024 * 1024;

/** How long a fetch may wait while a backlog is being read (it returns once `max` arrive). */
const BACKLOG_EXPIRES_MS = 10_000;

/**
 * Caught up, a fetch asks for about this long's worth of messages at the source's recent
 * rate. A fetch returns when its count is in or when it expires (1 s at the least, the
 * client's floor): asking for a whole batch at a steady rate below it would hold every
 * message for the full second.
 */
const CAUGHT_UP_WINDOW_MS = 100;

/** The size of a fetch made while caught up: one message when quiet, at most a batch. */
export function caughtUpFetchSize(ratePerSecond: number, batch: number): number {
  return Math.max(1, Math.min(batch, Math.ceil((ratePerSecond * CAUGHT_UP_WINDOW_MS) / 1000)));
}

/**
 * "done" once the server has processed every ack (it does so shortly after reading them),
 * else "again": some message is still unacked, lost in flight.
 */
async function settled(consumer: Consumer): Promise<"done" | "again"> {
  for (let i = 0; i < 20; i++) {
    if ((await consumer.info()).num_ack_pending === 0) return "done";
    await new Promise((r) => setTimeout(r, 50));
  }
  return "again";
}

/**
 * Fetches until stopped. With `until`: returns "done" once caught up, or "again" when
 * messages are still unacked (lost in flight), so that setup moves the consumer back.
 */
async function pump(
  ctx: SourceContext,
  run: SourceRun,
  consumer: Consumer,
  lag: number,
): Promise<"done" | "again" | "stopped"> {
  const s = run.status;
  let pending = lag;
  // The next backlog batch, fetched while this process writes the current one.
  let ahead: Promise<PreparedFetch> | null = null;
  // A batch's decoding starts as soon as it is in, while the batch before it is written.
  const fetch = (max: number, expires: number) =>
    collect(consumer, max, expires).then((f) => prepareFetched(ctx.store, s.stream, f));
  // Not after a batch of large messages (outputs up to max_payload): one at a time then.
  const prefetch = (more: number, lastSeq: number, bytes: number) => {
    if (
      more > 0 &&
      bytes <= PREFETCH_AFTER_BYTES &&
      !ctx.signal.aborted &&
      (run.until === undefined || lastSeq < run.until)
    ) {
      const next = fetch(Math.min(ctx.batch, more), BACKLOG_EXPIRES_MS);
      // Awaited at the next turn or on stop; until then a failure must not count as unhandled
      // (Node ends a process on an unhandled rejection).
      next.catch(() => undefined);
      ahead = next;
    }
  };
  const backlogTurn = async () => {
    const next = ahead;
    ahead = null;
    // Stopped while waiting for the turn: no new fetch (one already made is applied).
    if (!next && ctx.signal.aborted) return { count: 0, lastSeq: 0 };
    const fetched = await (next ?? fetch(Math.min(ctx.batch, pending), BACKLOG_EXPIRES_MS));
    return applyAndAck(ctx, s, run.meter, fetched, prefetch);
  };
  try {
    while (!ctx.signal.aborted) {
      // With a backlog, ask for no more than is waiting (the fetch returns at once, however
      // long it may wait); when caught up, ask for what arrives in a moment at the recent
      // rate, so the index lags little.
      // A backlog batch is complete before its write starts (inside the exclusive turn), and
      // the next one of the same source is asked for once the batch is acked: its bytes wait
      // in the socket during other writes instead of a round trip and the server's reading
      // waiting for each turn. One batch per source stays far below what makes nats-server
      // drop a client that does not read for a while.
      const got =
        pending > 0 || ahead
          ? await ctx.exclusive(backlogTurn)
          : await fetch(caughtUpFetchSize(run.meter.rate(), ctx.batch), ctx.fetchExpiresMs).then((f) =>
              ctx.exclusive(() => applyAndAck(ctx, s, run.meter, f)),
            );
      s.state = "running";
      pending = got.count === 0 ? 0 : (s.lag ?? 0);
      if (got.count === 0) s.lag = 0;
      if (run.until !== undefined && !ahead && (got.lastSeq >= run.until || pending === 0))
        return settled(consumer);
    }
  } finally {
    // A fetch is never abandoned: what it brings is written and acked (stop waits for it).
    const left: Promise<PreparedFetch> | null = ahead;
    if (left) await ctx.exclusive(async () => applyAndAck(ctx, s, run.meter, await left));
  }
  return "stopped";
}

/** Ingests one source stream until the signal aborts; refusal ends it, errors are retried. */
export async function runSource(ctx: SourceContext, run: SourceRun): Promise<void> {
  const s = run.status;
  // Since when every request about the consumer has found it without a leader.
  let leaderlessSince: number | null = null;
  while (!ctx.signal.aborted) {
    const before = { state: s.state, error: s.lastError };
    try {
      s.state = "starting";
      const { js, jsm } = await ctx.js();
      const indexSeq = ctx.store.cursors()[s.stream] ?? 0;
      s.lastAppliedSeq = Math.max(s.lastAppliedSeq, indexSeq);
      const peer = await ctx.peer();
      const replaceLeaderless = leaderlessSince !== null && Date.now() - leaderlessSince >= (ctx.leaderlessMs ?? LEADERLESS_MS);
      const setup = await setupSource(jsm, {
        stream: s.stream,
        durable: s.durable,
        batch: ctx.batch,
        indexSeq,
        peer,
        replaceLeaderless,
      });
      // A replaced consumer gets its own time to elect a leader.
      if (replaceLeaderless && setup.kind === "ready") leaderlessSince = null;
      if (setup.kind === "missing") {
        // Said once, not at every retry.
        if (before.state !== "missing" || before.error !== setup.message)
          ctx.log(`${s.stream}: ${setup.message}`);
        s.state = "missing";
        noteError(run, setup.message);
        await abortableSleep(ctx.retryMs * 5, ctx.signal);
        continue;
      }
      s.retention = setup.retention;
      if (setup.kind === "refused") {
        s.state = "refused";
        noteError(run, setup.message);
        ctx.log(`${s.stream}: refused: ${setup.message}`);
        return;
      }
      ctx.log(
        `${s.stream}: consumer ${s.durable} ${setup.action}; ${setup.consumer.num_pending} message(s) to read`,
      );
      if (setup.warning) {
        noteError(run, setup.warning);
        ctx.log(`${s.stream}: ${setup.warning}`);
      }
      s.lag = setup.consumer.num_pending;
      s.state = "running";
      const c = setup.consumer;
      if (
        run.until !== undefined &&
        c.num_ack_pending === 0 &&
        (c.num_pending === 0 || c.delivered.stream_seq >= run.until)
      )
        break;
      const consumer = await aboutConsumer(s.durable, () => js.consumers.get(s.stream, s.durable));
      leaderlessSince = null;
      const outcome = await pump(ctx, run, consumer, s.lag);
      if (outcome === "done") break;
    } catch (err) {
      if (ctx.signal.aborted) break;
      if (err instanceof ConsumerLeaderless) leaderlessSince ??= Date.now();
      else leaderlessSince = null;
      s.state = "error";
      noteError(run, message(err));
      ctx.log(`${s.stream}: ${message(err)}; retrying in ${ctx.retryMs} ms`);
      await abortableSleep(ctx.retryMs, ctx.signal);
    }
  }
  s.state = "stopped";
}
