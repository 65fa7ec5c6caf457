import type { NatsConnection } from "@nats-io/nats-core";
import type { Consumer, ConsumerMessages } from "@nats-io/jetstream";
import { originalSubject } from "@/lib/protocol/captured-subject";
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
  onError?(error: Error): void;
}

export interface Follower {
  lastSeq(): number;
  stop(): Promise<void>;
}

/** How long a first open keeps trying before the view is told live updates are unavailable. */
export const OPEN_WITHIN_MS = 30_000;

/** How long a follower may hear nothing before it checks that its consumer still exists. */
export const WATCHDOG_MS = 10_000;

/** Messages one pull asks for; a new pull goes out when a quarter of them has come. */
export const FOLLOW_BATCH = 10_000;

/**
 * Follows a stream from just after a snapshot with a JetStream ordered consumer. After
 * every reconnect the consumer is opened again from the last sequence applied: the
 * client's own recreation does not notice when the server that held the consumer died
 * (a cluster node lost: the view stalls "connected" forever), and after a server restart
 * a fresh consumer costs one request. The gate drops anything already applied, so the
 * view gets every message once.
 */
export async function followStream(
  nc: NatsConnection,
  target: FollowTarget,
  handlers: FollowHandlers,
): Promise<Follower> {
  // Loaded with the first follower, after the page's snapshot is on screen, not with the page.
  const { DeliverPolicy, jetstream } = await import("@nats-io/jetstream");
  const js = jetstream(nc);
  const gate = new SeqGate(target.afterSeq);
  let stopped = false;
  let current: ConsumerMessages | null = null;
  let currentConsumer: Consumer | null = null;
  let generation = 0;
  let lastActivity = Date.now();

  const checkResumable = async (): Promise<boolean> => {
    const info = await (await js.streams.get(target.stream)).info();
    if (
      !resumeIsLossy(gate.lastSeq, {
        firstSeq: info.state.first_seq,
        messages: info.state.messages,
      })
    ) {
      return true;
    }
    handlers.onCannotResume(
      `${target.stream} no longer holds sequence ${gate.lastSeq + 1} (it starts at ${info.state.first_seq})`,
    );
    return false;
  };

  const pump = async (iter: ConsumerMessages) => {
    try {
      for await (const m of iter) {
        lastActivity = Date.now();
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
    } catch (err) {
      if (!stopped && iter === current)
        handlers.onError?.(err instanceof Error ? err : new Error(String(err)));
    }
  };

  const watch = async (iter: ConsumerMessages) => {
    for await (const s of iter.status()) {
      if (s.type === "ordered_consumer_recreated" && !stopped) {
        if (!(await checkResumable().catch(() => true))) await iter.close();
      }
    }
  };

  /** Opens a consumer from the last applied sequence; false when the stream cannot resume. */
  const open = async (gen: number): Promise<boolean> => {
    if (!(await checkResumable())) return false;
    const consumer = await js.consumers.get(target.stream, {
      filter_subjects: target.filterSubject,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: gate.lastSeq + 1,
    });
    // Pull in large batches: at thousands of messages a second, small pulls leave the
    // consumer waiting on round trips (bench:live measures a bare ordered consumer too).
    const iter = await consumer.consume({ max_messages: FOLLOW_BATCH });
    if (stopped || gen !== generation) {
      await iter.close();
      return true;
    }
    current = iter;
    currentConsumer = consumer;
    lastActivity = Date.now();
    void watch(iter);
    void pump(iter);
    return true;
  };

  /**
   * Opens a consumer, retrying while a cluster elects new stream leaders (a few seconds of
   * "temporarily unavailable" and timeouts); gives up with the last error after `withinMs`.
   */
  const openRetrying = async (gen: number, withinMs: number): Promise<boolean> => {
    const deadline = Date.now() + withinMs;
    for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5_000)) {
      if (stopped || gen !== generation) return true;
      try {
        return await open(gen);
      } catch (err) {
        if (Date.now() + delayMs > deadline) throw err;
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
  };

  /** After a reconnect: until a consumer is open again, as long as the connection lasts. */
  const reopen = async () => {
    const gen = ++generation;
    const previous = current;
    current = null;
    currentConsumer = null;
    await previous?.close().catch(() => undefined);
    await openRetrying(gen, Infinity).catch(() => undefined);
  };

  /**
   * When the cluster node that held the consumer dies while this connection stays up (it
   * is on another node), nothing tells the client: no reconnect, and the pull just goes
   * unanswered. So a follower that has heard nothing for a while asks for its consumer,
   * and opens a new one when the consumer does not answer.
   */
  const startWatchdog = () =>
    setInterval(() => {
      const consumer = currentConsumer;
      if (stopped || !consumer || Date.now() - lastActivity < WATCHDOG_MS) return;
      const gen = generation;
      consumer.info(false).then(
        () => {
          lastActivity = Date.now();
        },
        () => {
          if (!stopped && gen === generation) void reopen();
        },
      );
    }, WATCHDOG_MS);

  let watchdog: ReturnType<typeof setInterval> | undefined;
  if (await openRetrying(generation, OPEN_WITHIN_MS)) {
    watchdog = startWatchdog();
    void (async () => {
      for await (const s of nc.status()) {
        if (stopped) break;
        if (s.type === "reconnect") void reopen();
      }
    })();
  }

  return {
    lastSeq: () => gate.lastSeq,
    stop: async () => {
      stopped = true;
      clearInterval(watchdog);
      generation++;
      await current?.close();
    },
  };
}
