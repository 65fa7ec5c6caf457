import type { MsgHdrs } from "@nats-io/nats-core";
import type { JsMsg } from "@nats-io/jetstream";
import type { IngestRecord } from "../store";
import { originalSubject } from "../protocol/captured-subject";

/** NATS headers as the store keeps them: every value of every key, in arrival order. */
export function headersToRecord(headers: MsgHdrs | undefined): Record<string, string[]> | null {
  if (!headers) return null;
  const out: Record<string, string[]> = {};
  let any = false;
  for (const key of headers.keys()) {
    out[key] = headers.values(key);
    any = true;
  }
  return any ? out : null;
}

/** The part of a JetStream message ingest reads; a JsMsg has it, and so can a test double. */
export type DeliveredMessage = Pick<JsMsg, "seq" | "subject" | "headers" | "data" | "timestampNanos">;

/**
 * A delivered message as the store takes it. The payload stays the bytes on the wire (the
 * store decides whether they parse; a non-UTF-8 payload must reach quarantine as is), and
 * the publish time is JetStream's exact nanoseconds from the ack subject. A message from
 * Pilot's capture stream is indexed under the platform subject it was published on.
 */
export function toIngestRecord(stream: string, msg: DeliveredMessage): IngestRecord {
  let publishedAtNs: bigint | null = null;
  try {
    publishedAtNs = msg.timestampNanos;
  } catch {
    // A message without JetStream delivery info (a test double): no publish time.
  }
  return {
    stream,
    seq: msg.seq,
    subject: originalSubject(msg.subject),
    headers: headersToRecord(msg.headers),
    payload: msg.data,
    publishedAtNs,
  };
}
