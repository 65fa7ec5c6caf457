import { nanos } from "@nats-io/nats-core";
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import { abortableSleep } from "@/lib/nats/abortable-sleep";
import { aboutConsumer, ConsumerLeaderless, LEADERLESS_MS } from "../consumer-setup";
import type { CaptureGap, CaptureState } from "./capture-state";
import type { CaptureWriter } from "./capture-writer";

export function copyDurable(stream: string): string {
  return `pilot-capture-${stream}`;
}

const COPY_BATCH = 256;

export interface CopyStatus {
  stream: string;
  durable: string;
  copied: number;
  lastSeq: number;
  pending: number | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

async function consumerOrNull(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerInfo | null> {
  try {
    return await aboutConsumer(durable, () => jsm.consumers.info(stream, durable));
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) return null;
    throw err;
  }
}

function copyConsumerConfig(durable: string, startSeq: number): Partial<ConsumerConfig> {
  return {
    durable_name: durable,
    description: "Pilot: copies this stream into PILOT_CAPTURE (read only toward the platform)",
    ack_policy: AckPolicy.Explicit,
    ...(startSeq > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq } : { deliver_policy: DeliverPolicy.All }),
    ack_wait: nanos(30_000),
    max_ack_pending: COPY_BATCH * 4,
  };
}

/** Records that the messages from `next` up to the stream's first one left it uncopied, if any did. */
async function gapBefore(state: CaptureState, info: StreamInfo, next: number, nowMs: number): Promise<CaptureGap | null> {
  const stream = info.config.name;
  if (next >= info.state.first_seq) return null;
  const prev = await state.watermark(stream);
  const gap: CaptureGap = {
    stream,
    fromSeq: next,
    toSeq: info.state.first_seq - 1,
    count: info.state.first_seq - next,
    fromMs: prev?.atMs ?? nowMs,
    toMs: info.state.messages > 0 ? Date.parse(info.state.first_ts) : nowMs,
    detectedMs: nowMs,
    reason: `${info.state.first_seq - next} message(s) left ${stream} (its age or size limit) before Pilot copied them`,
  };
  await state.addGap(gap);
  return gap;
}

/**
 * Gets the copy consumer of a platform Limits or Interest stream ready. A consumer that
 * already existed and whose next message has left the stream (aged out while no Pilot ran)
 * marks a gap. On an Interest stream this durable also keeps every message in the stream
 * until Pilot has copied it, so nothing is lost while Pilot is stopped.
 */
export async function setupCopy(
  jsm: JetStreamManager,
  state: CaptureState,
  stream: string,
  nowMs: number,
): Promise<{ gap: CaptureGap | null; created: boolean }> {
  const durable = copyDurable(stream);
  const info = await jsm.streams.info(stream);
  const existing = await consumerOrNull(jsm, stream, durable);
  if (!existing) {
    await jsm.consumers.add(stream, copyConsumerConfig(durable, 1));
    const since = info.state.messages > 0 ? Date.parse(info.state.first_ts) : nowMs;
    const prev = await state.watermark(stream);
    await state.setWatermark(stream, { seq: Math.max(0, info.state.first_seq - 1), atMs: nowMs, sinceMs: prev?.sinceMs ?? since });
    return { gap: null, created: true };
  }
  if (existing.delivered.stream_seq === 0) return { gap: null, created: false };
  return { gap: await gapBefore(state, info, existing.delivered.stream_seq + 1, nowMs), created: false };
}

/**
 * Replaces a copy consumer that has had no leader for too long (nats-server 2.9 can leave
 * a replicated consumer so after its nodes were killed and came back), as ingest replaces
 * its own (lib/ingest/consumer-setup.ts): deleted (that goes through the meta leader, so it
 * works on a leaderless consumer) and added again just above what was copied, a gap noted
 * for what left the stream meanwhile. Only on a Limits stream: on an Interest stream the
 * durable is what keeps the messages Pilot has not copied yet, and deleting it could drop
 * them, so the error says what to do instead.
 */
async function replaceLeaderlessCopy(jsm: JetStreamManager, state: CaptureState, status: CopyStatus, nowMs: number): Promise<string> {
  const info = await jsm.streams.info(status.stream);
  if (info.config.retention !== "limits")
    throw new ConsumerLeaderless(status.durable, "for too long", `; Pilot does not replace it because the stream has ${info.config.retention} retention: delete it, or restart the cluster node that holds it`);
  const copied = Math.max(status.lastSeq, (await state.watermark(status.stream))?.seq ?? 0);
  await jsm.consumers.delete(status.stream, status.durable);
  await jsm.consumers.add(status.stream, copyConsumerConfig(status.durable, copied + 1));
  const gap = copied > 0 ? await gapBefore(state, info, copied + 1, nowMs) : null;
  return `consumer ${status.durable} had no leader for too long: recreated from seq ${copied + 1}${gap ? `; GAP ${gap.reason}` : ""}`;
}

export interface CopyRunOptions {
  retryMs?: number;
  /** How long the consumer may have no leader before it is replaced (where that is safe). */
  leaderlessMs?: number;
  log?: (line: string) => void;
}

/**
 * Copies one platform stream into the capture stream until `signal` aborts: fetch a batch,
 * store every copy (deduplicated by id), then ack the batch. A failure leaves the batch
 * unacked; JetStream delivers it again after the ack wait.
 */
export async function runCopy(
  js: JetStreamClient,
  jsm: JetStreamManager,
  writer: CaptureWriter,
  state: CaptureState,
  status: CopyStatus,
  signal: AbortSignal,
  o: CopyRunOptions = {},
): Promise<void> {
  const { retryMs = 2000, leaderlessMs = LEADERLESS_MS, log = () => {} } = o;
  let sinceMark = 0;
  let consumer: Awaited<ReturnType<JetStreamClient["consumers"]["get"]>> | null = null;
  // Since when every request about the consumer has found it without a leader.
  let leaderlessSince: number | null = null;
  while (!signal.aborted) {
    try {
      // Looked up inside the loop: a server away at start is retried like any failure.
      consumer ??= await aboutConsumer(status.durable, () => js.consumers.get(status.stream, status.durable));
      leaderlessSince = null;
      const batch = await consumer.fetch({ max_messages: COPY_BATCH, expires: 1000 });
      const got = [];
      for await (const m of batch) got.push(m);
      if (got.length === 0) continue;
      await Promise.all(got.map((m) => writer.write(m.subject, m.data, m.headers, { kind: "stream", stream: status.stream, seq: m.seq })));
      for (const m of got) m.ack();
      status.copied += got.length;
      status.lastSeq = got.at(-1)?.seq ?? status.lastSeq;
      status.pending = got.at(-1)?.info.pending ?? status.pending;
      if (Date.now() - sinceMark > 5000) {
        sinceMark = Date.now();
        const prev = await state.watermark(status.stream);
        await state.setWatermark(status.stream, { seq: status.lastSeq, atMs: sinceMark, sinceMs: prev?.sinceMs ?? sinceMark });
      }
    } catch (err) {
      consumer = null;
      status.lastError = err instanceof Error ? err.message : String(err);
      // Deleted under it (an operator, an inactive threshold): set up again, noting what left meanwhile.
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)
        await setupCopy(jsm, state, status.stream, Date.now()).catch(() => undefined);
      if (!(err instanceof ConsumerLeaderless)) leaderlessSince = null;
      else if ((leaderlessSince ??= Date.now()) <= Date.now() - leaderlessMs) {
        // The consumer is asked for again first at every retry: one that elects a leader
        // late (or that the operator deleted) is used as it is.
        try {
          log(`${status.stream}: ${await replaceLeaderlessCopy(jsm, state, status, Date.now())}`);
          leaderlessSince = null;
        } catch (replaceErr) {
          status.lastError = replaceErr instanceof Error ? replaceErr.message : String(replaceErr);
        }
      }
      status.lastErrorAt = new Date().toISOString();
      await abortableSleep(retryMs, signal);
    }
  }
}
