import "server-only";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { getConfig } from "@/lib/config";
import { readIngestHealth } from "@/lib/ingest/health";
import type { Health, StreamHealth } from "@/lib/contract/health";
import { serverConnection } from "@/lib/nats/server-connection";
import { PILOT_STREAM_NAMES } from "@/lib/nats/topology";
import { isPilotOwn } from "@/lib/nats/discovery";
import { readPlatformHealth } from "./platform-health";
import { streamFacts } from "@/lib/nats/list-streams";
import { pilotKeyFacts } from "@/lib/evidence/server-key";
import { alertEngineState } from "@/lib/alerts/server-alerts";
import { readAlertsHealth } from "@/lib/alerts/engine-health";

const CONNECT_BUDGET_MS = 2500;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

/** Streams on the server with their counts, ingest and the index, read live. */
export async function readHealth(): Promise<Health> {
  const config = getConfig();
  const base = {
    checkedAt: new Date().toISOString(),
    trustList: { configured: config.trustedSigners.length > 0, keys: config.trustedSigners.length },
    evidenceKey: pilotKeyFacts(),
    // Read in the time budget of the rest: the shared consumer's info carries the store's 2 s timeout.
    alerts: await readAlertsHealth(alertEngineState()),
  };
  try {
    const nc = await withTimeout(serverConnection(), CONNECT_BUDGET_MS, `NATS at ${config.nats.url}`);
    const jsm = await jetstreamManager(nc, { timeout: CONNECT_BUDGET_MS });
    const infos = await jsm.streams.list().next();
    const streams: StreamHealth[] = infos
      .map((info) => ({
        name: info.config.name,
        subjects: info.config.subjects ?? [],
        retention: info.config.retention,
        messages: info.state.messages,
        bytes: info.state.bytes,
        firstSeq: info.state.first_seq,
        lastSeq: info.state.last_seq,
        lastMessageAt: info.state.messages > 0 ? info.state.last_ts : null,
        consumers: info.state.consumer_count,
        pilotTopology: isPilotOwn(streamFacts(info)),
      }))
      .sort((a, b) => Number(b.pilotTopology) - Number(a.pilotTopology) || a.name.localeCompare(b.name));
    const present = new Set(streams.map((s) => s.name));
    // Each consumer lookup carries the manager's timeout and fails alone (lag unknown).
    const [ingest, platform] = await Promise.all([
      readIngestHealth({ nc, jsm }, infos),
      readPlatformHealth(jetstream(nc, { timeout: CONNECT_BUDGET_MS }), jsm),
    ]);
    return {
      ...base,
      ...ingest,
      nats: {
        url: config.nats.url,
        connected: !nc.isClosed(),
        error: null,
        serverVersion: nc.info?.version ?? null,
        jetstream: true,
      },
      streams,
      platform,
      // Attached to a deployment's NATS, Pilot captures into PILOT_CAPTURE instead.
      missingStreams: config.externalNats ? [] : PILOT_STREAM_NAMES.filter((n) => !present.has(n)),
    };
  } catch (err) {
    return {
      ...base,
      ...(await readIngestHealth(null, [])),
      nats: {
        url: config.nats.url,
        connected: false,
        error: err instanceof Error ? err.message : String(err),
        serverVersion: null,
        jetstream: false,
      },
      streams: [],
      platform: { families: [], streams: [], gaps: [], capture: null, error: "NATS is unreachable" },
      missingStreams: config.externalNats ? [] : [...PILOT_STREAM_NAMES],
    };
  }
}
