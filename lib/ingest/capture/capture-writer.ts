import { createHash } from "node:crypto";
import { headers as makeHeaders, type MsgHdrs } from "@nats-io/nats-core";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { capturedSubject } from "@/lib/protocol/captured-subject";

/** Where a captured message was read: a core subscription, or a stream and its sequence. */
export type CaptureVia = { kind: "core" } | { kind: "stream"; stream: string; seq: number };

/**
 * The id JetStream deduplicates captured copies by: the subject and the exact bytes. Every
 * replica and every route (core subscription, copy consumer, read by sequence) computes the
 * same id for the same message, so the capture stream keeps one copy; a second message
 * with the same intent id but other bytes gets another id and is kept (an alarm, not a
 * redelivery).
 */
export function captureMsgId(subject: string, payload: Uint8Array): string {
  return createHash("sha256").update(subject).update("\u0000").update(payload).digest("base64url");
}

function copyHeaders(from: MsgHdrs | undefined, via: CaptureVia): MsgHdrs {
  const out = makeHeaders();
  if (from) {
    for (const key of from.keys()) {
      // JetStream's own headers describe the original publish, not this one.
      if (key.toLowerCase().startsWith("nats-")) continue;
      for (const value of from.values(key)) out.append(key, value);
    }
  }
  out.set("Pilot-Via", via.kind === "core" ? "core" : `${via.stream}:${via.seq}`);
  return out;
}

export interface CaptureWriter {
  /** Publishes a copy into the capture stream; resolves once JetStream stored it (or knew it). */
  write(subject: string, payload: Uint8Array, headers: MsgHdrs | undefined, via: CaptureVia): Promise<PubAck>;
}

export function createCaptureWriter(js: JetStreamClient): CaptureWriter {
  return {
    write(subject, payload, headers, via) {
      return js.publish(capturedSubject(subject), payload, {
        msgID: captureMsgId(subject, payload),
        headers: copyHeaders(headers, via),
      });
    },
  };
}
