import "server-only";
import type { ConsumerInfo, JetStreamManager, StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { getConfig } from "../config";
import type { IndexHealth, IngestHealth, IngestSourceHealth } from "@/lib/contract/health";
import { getStore, getTableCounter } from "../store/server-store";
import { durableName } from "./consumer-setup";
import type { Retention } from "./status";
import { findOtherIngest } from "./presence";
import { getIngestStatus } from "./status-registry";
import { planCapture } from "../nats/discovery";
import { streamFacts } from "@/lib/nats/list-streams";

const RETENTION_NOTE: Record<Retention, string | null> = {
  limits: null,
  interest:
    "Interest retention: a message leaves the stream once every consumer acked it, so the index is the only lasting copy; reindex cannot rebuild it.",
  workqueue:
    "WorkQueue retention: refused as a source (Pilot's acks would take work from the executors); its subjects are captured into PILOT_CAPTURE instead.",
};

function text(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readIndex(): Promise<{ index: IndexHealth; cursors: Record<string, number> }> {
  const path = getConfig().index.path;
  try {
    const cursors = getStore().cursors();
    const counted = await getTableCounter().read();
    const countedAt = new Date(counted.at).toISOString();
    return { index: { path, tables: counted.tables, countedAt, error: null }, cursors };
  } catch (err) {
    return { index: { path, tables: null, countedAt: null, error: text(err) }, cursors: {} };
  }
}

/**
 * Ingest as the Health page shows it: per source, the durable consumer's lag read from
 * NATS (so it is right whichever process runs ingest), the index's cursor, and, when
 * ingest runs in this process, its own state, rate and last error; otherwise whether an
 * ingest elsewhere answers on the presence subject.
 */
export async function readIngestHealth(
  nats: { nc: NatsConnection; jsm: JetStreamManager } | null,
  streams: readonly StreamInfo[],
): Promise<{ ingest: IngestHealth; index: IndexHealth }> {
  const { ingest: settings } = getConfig();
  const { index, cursors } = await readIndex();
  const local = getIngestStatus();
  const jsm = nats?.jsm ?? null;
  const elsewhere = nats && !local ? await findOtherIngest(nats.nc, settings.consumerPrefix) : null;
  // The streams ingest reads: as the running ingest has them, else as discovery finds them.
  const names =
    local && local.sources.length > 0
      ? local.sources.map((s) => s.stream)
      : settings.discover
        ? planCapture(streams.map(streamFacts)).ingestSources
        : settings.sources;
  const consumers = await Promise.all(
    names.map((stream): Promise<ConsumerInfo | null> =>
      jsm ? jsm.consumers.info(stream, durableName(settings.consumerPrefix, stream)).catch(() => null) : Promise.resolve(null),
    ),
  );
  const sources = names.map((stream, i): IngestSourceHealth => {
    const info = streams.find((s) => s.config.name === stream) ?? null;
    const consumer = consumers[i] ?? null;
    const mine = local?.sources.find((s) => s.stream === stream) ?? null;
    const retention = info?.config.retention ?? mine?.retention ?? null;
    const outside = elsewhere ? "running" : "stopped";
    const state = mine?.state ?? (retention === "workqueue" ? "refused" : jsm && !info ? "missing" : outside);
    return {
      stream,
      durable: durableName(settings.consumerPrefix, stream),
      state,
      retention,
      lastAppliedSeq: cursors[stream] ?? mine?.lastAppliedSeq ?? 0,
      streamLastSeq: info?.state.last_seq ?? null,
      lag: consumer?.num_pending ?? mine?.lag ?? null,
      rate: mine ? mine.rate : null,
      quarantined: mine ? mine.quarantined : null,
      lastError: mine?.lastError ?? null,
      lastErrorAt: mine?.lastErrorAt ?? null,
      note: retention ? RETENTION_NOTE[retention] : null,
    };
  });
  const state = local ? local.state : elsewhere ? "running" : "stopped";
  return {
    ingest: {
      inProcess: local !== null,
      state: index.error ? "error" : state,
      elsewhere,
      lastError: local?.lastError ?? (index.error ? `index: ${index.error}` : null),
      sources,
    },
    index,
  };
}
