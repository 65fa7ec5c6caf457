import type { Msg, NatsConnection, Subscription } from "@nats-io/nats-core";
import { abortableSleep } from "@/lib/nats/abortable-sleep";
import type { CaptureWriter } from "./capture-writer";

/** Copies written but not yet stored; past this many the subscription waits for them. */
const MAX_IN_FLIGHT = 2000;
const RETRIES = 6;

export interface LiveCaptureCounters {
  captured: number;
  /** Copies that could not be stored after every retry (each also noted as an error). */
  lost: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface LiveCapture {
  counters: LiveCaptureCounters;
  /** Writes still waiting for their ack (a watermark may move only when none failed). */
  inFlight(): number;
  /** Resolves once every copy started so far has been stored (or given up on). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Core subscriptions on the platform's subject families: they see every publish without
 * taking anything from anyone (unlike a consumer, a source or a mirror of a WorkQueue
 * stream). A message is copied into the capture stream when `wanted` says no stream that
 * Pilot reads durably holds its subject. Copies go out in arrival order on one connection,
 * so the capture stream stores them in that order.
 */
export function startLiveCapture(
  nc: NatsConnection,
  subjects: readonly string[],
  wanted: (subject: string) => boolean,
  writer: CaptureWriter,
): LiveCapture {
  const counters: LiveCaptureCounters = { captured: 0, lost: 0, lastError: null, lastErrorAt: null };
  const pending = new Set<Promise<void>>();
  let stopped = false;

  const copy = async (m: Msg) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await writer.write(m.subject, m.data, m.headers, { kind: "core" });
        counters.captured++;
        return;
      } catch (err) {
        if (attempt >= RETRIES || stopped) {
          counters.lost++;
          counters.lastError = `a copy of a message on ${m.subject} could not be stored: ${err instanceof Error ? err.message : String(err)}`;
          counters.lastErrorAt = new Date().toISOString();
          return;
        }
        await abortableSleep(100 * 2 ** attempt);
      }
    }
  };

  const run = async (sub: Subscription) => {
    for await (const m of sub) {
      if (!wanted(m.subject)) continue;
      const p = copy(m).finally(() => pending.delete(p));
      pending.add(p);
      if (pending.size >= MAX_IN_FLIGHT) await Promise.race(pending);
    }
  };
  const subs = subjects.map((subject) => nc.subscribe(subject));
  const loops = subs.map((sub) => run(sub));

  return {
    counters,
    inFlight: () => pending.size,
    async settle() {
      await Promise.all([...pending]);
    },
    async stop() {
      stopped = true;
      for (const sub of subs) sub.unsubscribe();
      await Promise.all(loops);
      await Promise.all([...pending]);
    },
  };
}
