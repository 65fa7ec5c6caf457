import type { NatsConnection } from "@nats-io/nats-core";
import { DeliverPolicy, jetstream, type ConsumerMessages } from "@nats-io/jetstream";
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

/** Messages one pull asks for; a new pull goes out when a quarter of them has come. */
export const FOLLOW_BATCH = 10_000;

/**
 * Follows a stream from just after a snapshot with a JetStream ordered consumer. The
 * consumer itself recreates from its last delivered sequence after a disconnect or a
 * server restart; the gate drops anything already applied, so the view gets every
 * message once.
 */
export async function followStream(
  nc: NatsConnection,
  target: FollowTarget,
  handlers: FollowHandlers,
): Promise<Follower> {
  const js = jetstream(nc);
  const gate = new SeqGate(target.afterSeq);

  const checkResumable = async (): Promise<boolean> => {
    const info = await (await js.streams.get(target.stream)).info();
    if (!resumeIsLossy(gate.lastSeq, { firstSeq: info.state.first_seq, messages: info.state.messages })) {
      return true;
    }
    handlers.onCannotResume(
      `${target.stream} no longer holds sequence ${gate.lastSeq + 1} (it starts at ${info.state.first_seq})`,
    );
    return false;
  };

  let messages: ConsumerMessages | null = null;
  let stopped = false;
  if (await checkResumable()) {
    const consumer = await js.consumers.get(target.stream, {
      filter_subjects: target.filterSubject,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: target.afterSeq + 1,
    });
    // Pull in large batches: at thousands of messages a second, small pulls leave the
    // consumer waiting on round trips (bench:live measures a bare ordered consumer too).
    messages = await consumer.consume({ max_messages: FOLLOW_BATCH });
    const iter = messages;
    void (async () => {
      for await (const s of iter.status()) {
        if (s.type === "ordered_consumer_recreated" && !stopped) {
          if (!(await checkResumable().catch(() => true))) await iter.close();
        }
      }
    })();
    void (async () => {
      try {
        for await (const m of iter) {
          if (!gate.admit(m.seq)) continue;
          handlers.onMessage({
            stream: target.stream,
            seq: m.seq,
            subject: m.subject,
            data: m.data,
            storedAtMs: Math.floor(m.info.timestampNanos / 1e6),
          });
        }
      } catch (err) {
        if (!stopped) handlers.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
    })();
  }

  return {
    lastSeq: () => gate.lastSeq,
    stop: async () => {
      stopped = true;
      await messages?.close();
    },
  };
}
