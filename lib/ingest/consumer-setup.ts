import { nanos } from "@nats-io/nats-core";
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { Retention } from "./status";

/**
 * Reads a source stream's info and gets its durable consumer into a state ingest can
 * trust. JetStream is the source of truth and the index a cache: whenever the consumer's
 * position and the index disagree, the consumer is moved back (never forward), and the
 * store's idempotency absorbs what comes again.
 */

/** Longer than the slowest batch takes from delivery to ack. */
export const ACK_WAIT_MS = 60_000;

/** Every ingest durable carries it, whatever its prefix: how the alert engine finds every replica's ingest in JetStream. */
export const INGEST_CONSUMER_DESCRIPTION = "Pilot history index ingest";

export function durableName(prefix: string, stream: string): string {
  return `${prefix}-${stream}`;
}

/** Enough unacked messages for a whole fetch and the next one. */
export function maxAckPending(batch: number): number {
  return Math.max(batch * 2, 1000);
}

/**
 * Explicit acks, one per message. AckPolicy.All would save acks, but acking a message
 * then also acks every earlier one: a message delivered into a dropped fetch (a
 * disconnect, a killed process) would be acked without ever reaching the index.
 */
export function consumerConfig(durable: string, batch: number, startSeq: number): Partial<ConsumerConfig> {
  return {
    durable_name: durable,
    description: INGEST_CONSUMER_DESCRIPTION,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(ACK_WAIT_MS),
    max_ack_pending: maxAckPending(batch),
    ...(startSeq > 1
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq }
      : { deliver_policy: DeliverPolicy.All }),
  };
}

export type SourceSetup =
  | { kind: "missing"; message: string }
  | { kind: "refused"; retention: Retention | null; message: string }
  | {
      kind: "ready";
      retention: Retention;
      stream: StreamInfo;
      consumer: ConsumerInfo;
      /** What was done to the consumer, for the log. */
      action: string;
      /** Something the operator should know (shown as the source's last error). */
      warning: string | null;
    };

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

/** nats-server's JSClusterNotAvailErr: about a consumer, its replicas have no leader. */
const CLUSTER_NOT_AVAILABLE = 10008;

/**
 * A durable consumer whose replicas have no leader: nats-server 2.9 can leave a replicated
 * consumer so after its nodes were killed and came back, while its stream answers.
 */
export class ConsumerLeaderless extends Error {
  constructor(durable: string, cause: unknown, extra = "") {
    super(`consumer ${durable} has no leader (${cause instanceof Error ? cause.message : String(cause)})${extra}`, { cause });
    this.name = "ConsumerLeaderless";
  }
}

/**
 * A consumer with no leader for this long is replaced: elections take seconds, and one
 * still without a leader after this has been seen to stay so for minutes.
 */
export const LEADERLESS_MS = 30_000;

/** Runs a request about the durable consumer, naming a leaderless one as such. */
export async function aboutConsumer<T>(durable: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (isApiError(err, CLUSTER_NOT_AVAILABLE)) throw new ConsumerLeaderless(durable, err);
    throw err;
  }
}

async function consumerInfoOrNull(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (isApiError(err, JetStreamApiCodes.ConsumerNotFound)) return null;
    throw err;
  }
}

/** Why an existing consumer cannot be used as it is, or null. */
function incompatible(ci: ConsumerInfo): string | null {
  const c = ci.config;
  if (c.ack_policy !== AckPolicy.Explicit) return `its ack policy is ${c.ack_policy}, not explicit`;
  if (c.deliver_subject) return "it is a push consumer";
  if (c.filter_subject || (c.filter_subjects?.length ?? 0) > 0) return "it filters subjects";
  return null;
}

export interface SetupOptions {
  stream: string;
  durable: string;
  batch: number;
  /** The index's last applied sequence of this stream (0 for none). */
  indexSeq: number;
  /** Another running ingest on the same consumers (host and pid), or null. */
  peer: string | null;
  /**
   * The consumer has had no leader for long enough (the caller keeps the time): replace it,
   * from just above the index, where that is safe.
   */
  replaceLeaderless?: boolean;
}

export async function setupSource(jsm: JetStreamManager, o: SetupOptions): Promise<SourceSetup> {
  let si: StreamInfo;
  try {
    si = await jsm.streams.info(o.stream);
  } catch (err) {
    if (isApiError(err, JetStreamApiCodes.StreamNotFound))
      return { kind: "missing", message: `stream ${o.stream} does not exist on this server (create it with npm run streams, or remove it from PILOT_SOURCES); retrying` };
    throw err;
  }
  const retention = si.config.retention;
  if (retention === "workqueue")
    return {
      kind: "refused",
      retention,
      message: `stream ${o.stream} has WorkQueue retention: Pilot never consumes from one (its acks would take the work away from the executors); remove it from PILOT_SOURCES, its subjects are live only`,
    };
  if (o.indexSeq > si.state.last_seq)
    return {
      kind: "refused",
      retention,
      message: `the index holds ${o.stream} up to seq ${o.indexSeq} but the stream ends at seq ${si.state.last_seq}: the stream was recreated; run npm run reindex`,
    };

  const create = async (startSeq: number, action: string, warning: string | null = null): Promise<SourceSetup> => {
    const consumer = await jsm.consumers.add(o.stream, consumerConfig(o.durable, o.batch, startSeq));
    return { kind: "ready", retention, stream: si, consumer, action, warning };
  };
  // On an Interest stream, deleting Pilot's consumer can delete the messages only it still
  // needs: never recreate there, say what is wrong instead. Nor under a running peer.
  const canRecreate = retention === "limits" && o.peer === null;
  const recreate = async (startSeq: number, why: string): Promise<SourceSetup> => {
    // Deleting goes through the cluster's meta leader, so it works on a leaderless consumer.
    await jsm.consumers.delete(o.stream, o.durable);
    return create(startSeq, `recreated from seq ${startSeq}: ${why}`);
  };
  if (o.replaceLeaderless && canRecreate) return recreate(o.indexSeq + 1, "its replicas had no leader for too long");
  let ci: ConsumerInfo | null;
  try {
    ci = await aboutConsumer(o.durable, () => consumerInfoOrNull(jsm, o.stream, o.durable));
  } catch (err) {
    // Not replaceable here: asked for again at every retry, so that one that elects a
    // leader late (the operator restarted its node) is used as it is.
    if (!(err instanceof ConsumerLeaderless) || !o.replaceLeaderless) throw err;
    const why = o.peer ? "another ingest shares it" : `the stream has ${retention} retention`;
    throw new ConsumerLeaderless(o.durable, "for too long", `; Pilot does not replace it because ${why}: delete it, or restart the cluster node that holds it`);
  }
  if (!ci) return create(1, "created, from the first message");
  const floor = ci.ack_floor.stream_seq;
  const bad = incompatible(ci);
  if (bad) {
    if (canRecreate) return recreate(floor + 1, bad);
    return { kind: "refused", retention, message: `consumer ${o.durable} cannot be used: ${bad}; delete it (the stream has ${retention} retention, so Pilot will not)` };
  }
  let warning: string | null = o.peer
    ? `another ingest (${o.peer}) consumes ${o.durable} too: run one ingest per index, or give each index its own PILOT_INGEST_CONSUMER`
    : null;
  if (o.peer) {
    // Sharing is safe when both write the same index; the consumer is left as it is.
  } else if (o.indexSeq < floor) {
    // The index lacks messages the consumer says were applied: it was deleted or replaced.
    if (canRecreate) return recreate(1, `the index stops at seq ${o.indexSeq} but the consumer had acked up to ${floor}`);
    warning = `the index stops at seq ${o.indexSeq} but ${o.durable} had acked up to ${floor}: on an Interest stream those messages are gone`;
  } else if (ci.num_ack_pending > 0 && canRecreate) {
    // Delivered to a process that died before acking: they would come back only after the
    // ack wait. Start again just above what is known to be in the index.
    return recreate(floor + 1, `${ci.num_ack_pending} message(s) were in flight to a stopped process`);
  }
  if ((ci.config.max_ack_pending ?? 0) < maxAckPending(o.batch)) {
    const consumer = await jsm.consumers.update(o.stream, o.durable, { max_ack_pending: maxAckPending(o.batch) });
    return { kind: "ready", retention, stream: si, consumer, action: "bound (max_ack_pending raised)", warning };
  }
  return { kind: "ready", retention, stream: si, consumer: ci, action: "bound", warning };
}
