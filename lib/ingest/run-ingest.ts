import type { NatsConnection } from "@nats-io/nats-core";
import { jetstreamManager } from "@nats-io/jetstream";
import type { PilotSettings } from "../env";
import { startCapture, type Capture } from "./capture/capture";
import { durableName } from "./consumer-setup";
import { startIngest, type Ingest } from "./ingest";
import { ingestSources } from "./ingest-sources";
import type { IngestStore } from "./batch";
import { initialSourceStatus, type IngestStatus } from "./status";
import { abortableSleep } from "../nats/abortable-sleep";

export interface IngestRun {
  status(): IngestStatus;
  capture: Capture | null;
  /** The streams ingest reads, once discovery has answered. */
  sources(): Promise<string[]>;
  stop(): Promise<void>;
  done: Promise<void>;
}


/**
 * Capture and ingest together, as the app's server and `npm run ingest` run them: capture
 * first (it creates Pilot's capture stream and discovers the deployment's streams), then
 * ingest of the streams discovery names (or PILOT_SOURCES).
 */
export function startIngestRun(o: {
  settings: PilotSettings;
  store: IngestStore;
  connection: () => Promise<NatsConnection>;
  log: (line: string) => void;
}): IngestRun {
  const { settings, log } = o;
  const abort = new AbortController();
  const startedAt = new Date().toISOString();
  const capture = settings.ingest.capture ? startCapture({ connection: o.connection, limits: settings.streams, log: (l) => log(`[capture] ${l}`) }) : null;
  let ingest: Ingest | null = null;
  let lastError: string | null = null;
  let resolveSources: (s: string[]) => void = () => {};
  const sourcesKnown = new Promise<string[]>((resolve) => (resolveSources = resolve));

  const done = (async () => {
    if (capture) await capture.plan();
    let sources: string[] | null = settings.ingest.discover ? null : settings.ingest.sources;
    while (sources === null && !abort.signal.aborted) {
      try {
        const jsm = await jetstreamManager(await o.connection(), { checkAPI: false, timeout: 10_000 });
        sources = (await ingestSources(jsm, settings)).sources;
      } catch (err) {
        lastError = `discovering streams: ${err instanceof Error ? err.message : String(err)}`;
        await abortableSleep(2000, abort.signal);
      }
    }
    if (sources === null || abort.signal.aborted) return;
    lastError = null;
    resolveSources(sources);
    const { batch, consumerPrefix } = settings.ingest;
    ingest = startIngest({ connection: o.connection, store: o.store, sources, batch, consumerPrefix, log });
    log(`reading ${sources.join(", ")} (batch ${batch})`);
    await ingest.done;
  })();

  return {
    capture,
    sources: () => sourcesKnown,
    status(): IngestStatus {
      if (ingest) return ingest.status();
      const pending = settings.ingest.discover ? [] : settings.ingest.sources;
      return {
        state: lastError ? "error" : abort.signal.aborted ? "stopped" : "running",
        startedAt,
        batch: settings.ingest.batch,
        sources: pending.map((s) => initialSourceStatus(s, durableName(settings.ingest.consumerPrefix, s), 0)),
        lastError: lastError ?? (capture?.status().lastError ? `capture: ${capture.status().lastError}` : null),
      };
    },
    async stop() {
      abort.abort();
      await Promise.all([ingest?.stop(), capture?.stop()]);
      await done;
    },
    done,
  };
}
