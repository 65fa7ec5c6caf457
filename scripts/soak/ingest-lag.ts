import type { JetStreamManager } from "@nats-io/jetstream";
import { healthSchema, type Health } from "../../lib/contract/health";

export interface IngestSample {
  /** Seconds the oldest message ingest has not applied yet has been in its stream (0 when none); the worst source. */
  lagS: number;
  /** The source stream that lag is from. */
  lagStream: string | null;
  /** Messages ingest has not applied yet, over every source (the consumers' num_pending). */
  pending: number;
  /** Every stream's last sequence, summed: what the publisher got stored so far. */
  storedTotal: number;
}

/** The streams behind the Intents view in the demo's embedded topology (use-live-intents.ts INTENT_SUBJECTS). */
const INTENT_STREAMS = ["ATOMS_VETTED", "ATOMS_RESULTS", "AUDIT_SECURITY"];

/** When the streams behind the Intents view last stored a message (epoch ms), if ever. */
export function newestIntentMessageMs(health: Health): number | null {
  const times = health.streams.filter((s) => INTENT_STREAMS.includes(s.name) && s.lastMessageAt !== null).map((s) => Date.parse(s.lastMessageAt ?? ""));
  return times.length === 0 ? null : Math.max(...times);
}

export async function readHealth(baseUrl: string, cookie: string): Promise<Health> {
  const res = await fetch(`${baseUrl}/api/health`, { headers: { cookie } });
  if (!res.ok) throw new Error(`/api/health: ${res.status}`);
  return healthSchema.parse(await res.json());
}

/**
 * Ingest lag as time: for each source, the age of the first message after the index's
 * cursor (the oldest one still waiting), read from the stream itself. A count of pending
 * messages alone says nothing about seconds when the rate varies.
 */
export async function ingestLag(health: Health, jsm: JetStreamManager, now = Date.now): Promise<IngestSample> {
  let lagS = 0;
  let lagStream: string | null = null;
  let pending = 0;
  for (const source of health.ingest.sources) {
    pending += source.lag ?? 0;
    if (source.state !== "running") {
      lagS = Infinity;
      lagStream = source.stream;
      continue;
    }
    if (source.lag === 0 || source.streamLastSeq === null || source.lastAppliedSeq >= source.streamLastSeq) continue;
    const waiting = await jsm.streams.getMessage(source.stream, { seq: source.lastAppliedSeq + 1 }).catch(() => null);
    const age = waiting ? Math.max(0, now() - waiting.time.getTime()) / 1000 : 0;
    if (age > lagS) [lagS, lagStream] = [age, source.stream];
  }
  const storedTotal = health.streams.filter((s) => s.pilotTopology).reduce((sum, s) => sum + s.lastSeq, 0);
  return { lagS, lagStream, pending, storedTotal };
}
