import { errors, headers as natsHeaders, type NatsConnection } from "@nats-io/nats-core";
import { jetstream } from "@nats-io/jetstream";
import { demoPayloadBytes, type DemoMessage } from "./types";

/**
 * Publishes demo messages: through JetStream so that a stream acks each one, falling
 * back to a core publish for subjects no stream captures. Each message goes out at its
 * `atMs` after the start, so that the timestamps inside it are the wall-clock time it
 * is published at; `burst` publishes as fast as the acks come back instead.
 */

export interface PublishStats {
  published: number;
  /** Acked by a stream. */
  acked: number;
  /** Sent with a core publish: no stream captures the subject. */
  noStream: number;
  errors: number;
  malformed: number;
  lastError: string | null;
  elapsedMs: number;
}

export interface PublishOptions {
  nc: NatsConnection;
  messages: Iterable<DemoMessage>;
  /** Ignore `atMs` and publish as fast as the server acks (fixtures, benchmarks). */
  burst?: boolean;
  count?: number;
  durationMs?: number;
  signal: AbortSignal;
  /** Called every `progressMs` with the running totals. */
  onProgress?: (stats: PublishStats) => void;
  progressMs?: number;
  /** Unacked JetStream publishes allowed at once. */
  maxInFlight?: number;
}

/**
 * A JetStream publish to a subject no stream captures has nobody to answer its request;
 * the client reports that as "jetstream is not enabled" with a no-responders cause.
 */
export function isNoResponders(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof errors.NoRespondersError) return true;
    if (e instanceof errors.RequestError && e.isNoResponders()) return true;
  }
  return false;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export async function publishDemo(opts: PublishOptions): Promise<PublishStats> {
  const js = jetstream(opts.nc);
  const stats: PublishStats = {
    published: 0,
    acked: 0,
    noStream: 0,
    errors: 0,
    malformed: 0,
    lastError: null,
    elapsedMs: 0,
  };
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = opts.maxInFlight ?? 256;
  const started = Date.now();
  const deadline =
    opts.durationMs === undefined ? Number.POSITIVE_INFINITY : started + opts.durationMs;
  let lastProgress = started;
  const progressMs = opts.progressMs ?? 5000;
  let sent = 0;

  const publishOne = async (m: DemoMessage) => {
    const data = demoPayloadBytes(m);
    let h;
    if (m.headers) {
      h = natsHeaders();
      for (const [k, v] of Object.entries(m.headers)) h.set(k, v);
    }
    try {
      await js.publish(m.subject, data, h ? { headers: h } : undefined);
      stats.acked++;
    } catch (error) {
      if (isNoResponders(error)) {
        opts.nc.publish(m.subject, data, h ? { headers: h } : undefined);
        stats.noStream++;
      } else {
        stats.errors++;
        stats.lastError = error instanceof Error ? error.message : String(error);
      }
    }
    stats.published++;
    if (m.malformed) stats.malformed++;
  };

  for (const m of opts.messages) {
    if (opts.signal.aborted || (opts.count !== undefined && sent >= opts.count)) break;
    const due = opts.burst ? Date.now() : started + m.atMs;
    if (due >= deadline) {
      await sleep(deadline - Date.now(), opts.signal);
      break;
    }
    await sleep(due - Date.now(), opts.signal);
    if (opts.signal.aborted) break;
    const p = publishOne(m).finally(() => inFlight.delete(p));
    inFlight.add(p);
    sent++;
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const now = Date.now();
    if (opts.onProgress && now - lastProgress >= progressMs) {
      lastProgress = now;
      opts.onProgress({ ...stats, elapsedMs: now - started });
    }
  }
  await Promise.all(inFlight);
  stats.elapsedMs = Date.now() - started;
  return stats;
}

export function formatStats(s: PublishStats): string {
  const rate = s.elapsedMs > 0 ? (s.published * 1000) / s.elapsedMs : 0;
  const parts = [
    `published ${s.published}`,
    `${rate.toFixed(1)} msg/s`,
    `acked ${s.acked}`,
    `no stream ${s.noStream}`,
    `malformed ${s.malformed}`,
    `errors ${s.errors}`,
  ];
  return parts.join(", ") + (s.lastError ? ` (last error: ${s.lastError})` : "");
}
