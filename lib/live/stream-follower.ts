import type { NatsConnection } from "@nats-io/nats-core";
import type { Consumer, ConsumerMessages, JetStreamClient, Stream } from "@nats-io/jetstream";
import { originalSubject } from "@/lib/protocol/captured-subject";
import { LagTracker, type FeedHealth } from "./follow-health";
import { resumeIsLossy, SeqGate } from "./seq-gate";

export interface LiveMessage {
  stream: string;
  seq: number;
  subject: string;
  data: Uint8Array;
  /** When the stream stored it, for the lag indicator. */
  storedAtMs: number;
}

export interface FollowTarget {
  stream: string;
  /** One filter subject: nats-server 2.9 takes one per consumer. */
  filterSubject: string;
  /** The last sequence the snapshot is consistent with; following starts after it. */
  afterSeq: number;
}

export interface FollowHandlers {
  /** Each new message once, in stream order; batch them per frame (FrameBatcher). */
  onMessage(message: LiveMessage): void;
  /** The stream no longer holds what comes after `afterSeq`: the view must refetch. */
  onCannotResume(reason: string): void;
  /** How far behind the stream the view is, whenever that changes (the live indicator). */
  onHealth?(health: FeedHealth): void;
}

export interface Follower {
  lastSeq(): number;
  stop(): Promise<void>;
}

/** A consumer made for a follower; `release` gives its name back once it is deleted. */
export interface OpenedConsumer {
  name: string;
  release(): void;
}

/**
 * Where a follower's consumers come from: Pilot's server creates them (the browser's own
 * NATS user may not), on a stream and filter the person's role may read (live-connection.ts).
 */
export interface ConsumerSource {
  openConsumer(stream: string, filter: string, startSeq: number): Promise<OpenedConsumer>;
}

/** How often a follower checks itself (local bookkeeping; a server request only when due). */
export const TICK_MS = 1_000;
/** A JetStream request that takes longer is as good as lost (a dead node holds the consumer). */
export const API_TIMEOUT_MS = 4_000;
/** Messages one pull asks for; a new pull goes out when a quarter of them has come. */
export const FOLLOW_BATCH = 10_000;

/**
 * Follows a stream from just after a snapshot with a consumer as an ordered consumer would
 * be (no acks, in order, recreated from the last applied sequence whenever something is
 * off), and never gives up while it is running: it opens its consumer until that works,
 * and opens a new one from the last applied sequence whenever the one it has is gone,
 * skips a delivery, stops answering or stops delivering while the stream holds more
 * (LagTracker). A dead cluster node is covered too: for an R1 consumer on a node that is
 * gone, consumer info times out, and without this the view would stall "connected" for as
 * long as the node is down. The gate drops anything already applied, so the view gets
 * every message once.
 */
export async function followStream(
  nc: NatsConnection,
  target: FollowTarget,
  handlers: FollowHandlers,
  consumers: ConsumerSource,
): Promise<Follower> {
  // Loaded with the first follower, after the page's snapshot is on screen, not with the page.
  const { jetstream } = await import("@nats-io/jetstream");
  const js: JetStreamClient = jetstream(nc, { timeout: API_TIMEOUT_MS });
  const gate = new SeqGate(target.afterSeq);
  const lag = new LagTracker(target.afterSeq, Date.now());
  let stopped = false;
  let abandoned = false;
  let current: ConsumerMessages | null = null;
  let currentConsumer: Consumer | null = null;
  let currentRelease: (() => void) | null = null;
  let generation = 0;
  let opening = false;
  let probing = false;
  /** The last message's consumer and delivery sequence: what consumer info's "delivered" is compared with. */
  let lastDelivery = { consumer: "", dseq: 0 };
  let reported = "";
  let stream: Stream | null = null;
  /** The filter is the whole stream: its last sequence is exactly what the view still lacks. */
  let wholeStream = false;

  /**
   * An abandoned consumer would otherwise live on the server until its inactivity limit;
   * its slot is free once it is gone (or could not be reached: the slot is taken last).
   */
  const discard = (consumer: Consumer | null, release: () => void) => {
    if (!consumer) return release();
    void consumer
      .delete()
      .catch(() => undefined)
      .finally(release);
  };
  const discardCurrent = () => {
    const consumer = currentConsumer;
    const release = currentRelease;
    currentConsumer = null;
    currentRelease = null;
    if (release) discard(consumer, release);
  };

  const report = () => {
    const health = lag.health(Date.now());
    const key = JSON.stringify(health);
    if (key === reported) return;
    reported = key;
    handlers.onHealth?.(health);
  };

  /** Stream info: whether the stream still holds what comes next, and how far its head is. */
  const checkResumable = async (): Promise<boolean> => {
    stream ??= await js.streams.get(target.stream);
    const info = await stream.info();
    const subjects = info.config.subjects ?? [];
    wholeStream = subjects.length === 1 && subjects[0] === target.filterSubject;
    lag.streamHead(info.state.last_seq, wholeStream, Date.now());
    if (
      !resumeIsLossy(gate.lastSeq, {
        firstSeq: info.state.first_seq,
        messages: info.state.messages,
      })
    )
      return true;
    abandoned = true;
    handlers.onCannotResume(
      `${target.stream} no longer holds sequence ${gate.lastSeq + 1} (it starts at ${info.state.first_seq})`,
    );
    return false;
  };

  const pump = async (iter: ConsumerMessages) => {
    try {
      for await (const m of iter) {
        // Without acks nothing is delivered again: a skipped delivery is a message lost on
        // the way, and only a consumer from the last applied sequence brings it back.
        if (m.info.deliverySequence !== lastDelivery.dseq + 1) {
          if (!stopped && iter === current) void reopen();
          return;
        }
        lastDelivery = { consumer: m.info.consumer, dseq: m.info.deliverySequence };
        lag.delivered(m.seq, m.info.pending, Date.now());
        if (!gate.admit(m.seq)) continue;
        handlers.onMessage({
          stream: target.stream,
          seq: m.seq,
          // A captured copy reads as the platform subject it was published on.
          subject: originalSubject(m.subject),
          data: m.data,
          storedAtMs: Math.floor(m.info.timestampNanos / 1e6),
        });
      }
      if (!stopped && iter === current) lag.unreachable("the consumer stopped", Date.now());
    } catch (err) {
      if (!stopped && iter === current)
        lag.unreachable(err instanceof Error ? err.message : String(err), Date.now());
    }
  };

  /** A consumer nats-server removed (idle too long, or deleted) is replaced now. */
  const watch = async (iter: ConsumerMessages) => {
    for await (const s of iter.status()) {
      if ((s.type === "consumer_deleted" || s.type === "consumer_not_found") && !stopped && iter === current) {
        void reopen();
        return;
      }
    }
  };

  /** Opens a consumer from the last applied sequence; false when the stream cannot resume. */
  const open = async (gen: number): Promise<boolean> => {
    if (!(await checkResumable())) return false;
    const opened = await consumers.openConsumer(target.stream, target.filterSubject, gate.lastSeq + 1);
    let consumer: Consumer;
    let iter: ConsumerMessages;
    try {
      consumer = await js.consumers.get(target.stream, opened.name);
      // Pull in large batches: at thousands of messages a second, small pulls leave the
      // consumer waiting on round trips (bench:live measures a bare ordered consumer too).
      iter = await consumer.consume({ max_messages: FOLLOW_BATCH });
    } catch (err) {
      discard(null, opened.release);
      throw err;
    }
    if (stopped || gen !== generation) {
      await iter.close();
      discard(consumer, opened.release);
      return true;
    }
    current = iter;
    currentConsumer = consumer;
    currentRelease = opened.release;
    lastDelivery = { consumer: "", dseq: 0 };
    // The create answer counts what the new consumer holds for the view.
    lag.opened((await consumer.info(true)).num_pending, Date.now());
    void watch(iter);
    void pump(iter);
    return true;
  };

  /** Until a consumer is open (or the stream cannot resume), as long as the follower runs. */
  const reopen = async () => {
    const gen = ++generation;
    const previous = current;
    current = null;
    opening = true;
    void previous?.close().catch(() => undefined);
    discardCurrent();
    for (
      let delayMs = 250;
      !stopped && gen === generation;
      delayMs = Math.min(delayMs * 2, 5_000)
    ) {
      try {
        await open(gen);
        break;
      } catch (err) {
        lag.unreachable(err instanceof Error ? err.message : String(err), Date.now());
        report();
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
    if (gen === generation) opening = false;
  };

  /**
   * How much the view lacks. For a consumer of the whole stream, stream info says it from
   * the stream leader's side: a consumer that is alive and answers but delivers nothing (its
   * node's replica stuck after a failover) still shows. Otherwise, consumer info: what it
   * has not delivered, plus what it delivered that has not come yet.
   */
  const probe = async (consumer: Consumer, gen: number) => {
    probing = true;
    try {
      if (wholeStream && stream) {
        const info = await stream.info();
        if (gen === generation) lag.streamHead(info.state.last_seq, true, Date.now());
        return;
      }
      const ci = await consumer.info(false);
      if (gen !== generation) return;
      const inFlight =
        ci.name === lastDelivery.consumer
          ? ci.delivered.consumer_seq - lastDelivery.dseq
          : ci.delivered.consumer_seq;
      lag.probed(ci.num_pending + Math.max(0, inFlight), Date.now());
    } catch (err) {
      if (gen === generation)
        lag.unreachable(err instanceof Error ? err.message : String(err), Date.now());
    } finally {
      probing = false;
    }
    // A consumer that is gone is replaced now, not on the next tick.
    tick();
  };

  const tick = () => {
    if (stopped || abandoned) return;
    const now = Date.now();
    report();
    if (opening) return;
    if (lag.shouldRecreate(now)) void reopen();
    else if (currentConsumer && !probing && lag.shouldProbe(now))
      void probe(currentConsumer, generation);
  };

  void reopen();
  const ticker = setInterval(tick, TICK_MS);
  void (async () => {
    for await (const s of nc.status()) {
      if (stopped) break;
      // After a server restart the consumer is gone: a fresh one costs one request.
      if (s.type === "reconnect" && !abandoned) void reopen();
    }
  })();

  return {
    lastSeq: () => gate.lastSeq,
    stop: async () => {
      stopped = true;
      clearInterval(ticker);
      generation++;
      const iter = current;
      discardCurrent();
      await iter?.close();
    },
  };
}
