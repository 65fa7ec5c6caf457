import { nanos } from "@nats-io/nats-core";
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
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
    return await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) return null;
    throw err;
  }
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
    await jsm.consumers.add(stream, {
      durable_name: durable,
      description: "Pilot: copies this stream into PILOT_CAPTURE (read only toward the platform)",
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
      max_ack_pending: COPY_BATCH * 4,
    });
    const since = info.state.messages > 0 ? Date.parse(info.state.first_ts) : nowMs;
    const prev = await state.watermark(stream);
    await state.setWatermark(stream, { seq: Math.max(0, info.state.first_seq - 1), atMs: nowMs, sinceMs: prev?.sinceMs ?? since });
    return { gap: null, created: true };
  }
  const next = existing.delivered.stream_seq + 1;
  if (next < info.state.first_seq && existing.delivered.stream_seq > 0) {
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
    return { gap, created: false };
  }
  return { gap: null, created: false };
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
  retryMs = 2000,
): Promise<void> {
  let sinceMark = 0;
  let consumer: Awaited<ReturnType<JetStreamClient["consumers"]["get"]>> | null = null;
  while (!signal.aborted) {
    try {
      // Looked up inside the loop: a server away at start is retried like any failure.
      consumer ??= await js.consumers.get(status.stream, status.durable);
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
      status.lastErrorAt = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}
