import { JetStreamError, type Consumer, type JsMsg } from "@nats-io/jetstream";
import type { PreparedBatch, Store } from "../store";
import { toIngestRecord } from "./record";
import type { RateMeter, SourceStatus } from "./status";

/** What ingest needs of the store (a measurement can hand it a store that only counts). */
export type IngestStore = Pick<Store, "prepareBatch" | "applyPrepared" | "cursors">;

/**
 * The client ends a fetch with "heartbeats missed" when no heartbeat was seen for two
 * intervals, which also happens when this process was busy writing another batch. What
 * did arrive is still applied and acked; anything the server sends after is redelivered
 * after the ack wait (explicit acks), so it is not worth an error and a back-off.
 */
function isMissedHeartbeats(err: unknown): boolean {
  return err instanceof JetStreamError && /heartbeats missed/i.test(err.message);
}

export interface Fetched {
  msgs: JsMsg[];
  /** An error that ended the fetch after these messages arrived, to raise once they are applied. */
  failure: unknown;
}

/**
 * One fetch, read to its end. A fetch is never abandoned half-way: messages the server
 * still sends to a dropped fetch would wait out the ack wait before coming again.
 */
export async function collect(consumer: Consumer, max: number, expires: number): Promise<Fetched> {
  const iter = await consumer.fetch({ max_messages: max, expires });
  const msgs: JsMsg[] = [];
  try {
    for await (const m of iter) msgs.push(m);
  } catch (err) {
    return { msgs, failure: isMissedHeartbeats(err) ? null : err };
  }
  return { msgs, failure: null };
}

/** A fetch whose decoding has started: it goes on while earlier batches are written. */
export interface PreparedFetch extends Fetched {
  batch: PreparedBatch;
}

export function prepareFetched(
  store: IngestStore,
  stream: string,
  fetched: Fetched,
): PreparedFetch {
  const records = fetched.msgs.map((m) => toIngestRecord(stream, m));
  return { ...fetched, batch: store.prepareBatch(records) };
}

export interface ApplyContext {
  store: IngestStore;
  /** Resolves once the server has read everything this connection sent so far. */
  flush: () => Promise<void>;
  onBatch?: (stream: string, messages: number) => void;
}

/**
 * Writes a fetch in ONE store transaction, then acks every message of it: only after the
 * commit, so that a crash in between means a redelivery (harmless), never a loss. Then
 * raises the error that cut the fetch short, if any.
 */
export async function applyAndAck(
  ctx: ApplyContext,
  status: SourceStatus,
  meter: RateMeter,
  fetched: PreparedFetch,
  afterAcks?: (pending: number, lastSeq: number, bytes: number) => void,
): Promise<{ count: number; lastSeq: number }> {
  const { msgs } = fetched;
  const last = msgs.at(-1);
  if (last) {
    const result = ctx.store.applyPrepared(fetched.batch);
    for (const m of msgs) m.ack();
    // Queued behind the acks on the connection, so the server has them first.
    if (fetched.failure === null && afterAcks) {
      let bytes = 0;
      for (const m of msgs) bytes += m.data.byteLength;
      afterAcks(last.info.pending, last.seq, bytes);
    }
    // The acks are on their way once the server answers a ping sent after them. Not
    // `ackAck()`: its timer can expire while this process is busy writing another source's
    // batch, and a lost ack only means a harmless redelivery.
    await ctx.flush();
    status.applied += result.applied;
    status.duplicates += result.duplicates;
    status.quarantined += result.quarantined;
    for (const m of msgs) if (m.seq > status.lastAppliedSeq) status.lastAppliedSeq = m.seq;
    status.lag = last.info.pending;
    status.lastBatchAt = new Date().toISOString();
    meter.add(msgs.length);
    ctx.onBatch?.(status.stream, msgs.length);
  }
  if (fetched.failure !== null) throw fetched.failure;
  return { count: msgs.length, lastSeq: last?.seq ?? 0 };
}
