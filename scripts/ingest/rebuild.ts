import { jetstreamManager, JetStreamApiCodes, JetStreamApiError, type JetStreamManager, type StreamInfo } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import type { PilotSettings } from "../../lib/env";
import { durableName } from "../../lib/ingest/consumer-setup";
import { startIngest } from "../../lib/ingest/ingest";
import { findOtherIngest } from "../../lib/ingest/presence";
import { ingestSources } from "../../lib/ingest/ingest-sources";
import type { Store } from "../../lib/store";
import { compareIndex, type Comparison, type StreamSnapshot } from "./compare";
import type { ProgressBar } from "./progress-bar";

/**
 * `npm run reindex`: drop the index, delete ingest's durable consumers, and read every
 * source stream again from its first message up to its last sequence at the start, then
 * compare the index with the streams. Meant to run with ingest stopped; it refuses when
 * another ingest answers on the consumers' presence subject (unless forced).
 */
export interface RebuildOptions {
  settings: PilotSettings;
  store: Store;
  connection: () => Promise<NatsConnection>;
  force: boolean;
  log: (line: string) => void;
  progress: (total: number) => ProgressBar;
  signal?: AbortSignal;
}

export type RebuildResult = { kind: "refused"; message: string } | { kind: "done"; comparison: Comparison; interrupted: boolean };

/** Catch-up rounds when the streams keep growing during the rebuild. */
const MAX_ROUNDS = 3;

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.ConsumerNotFound);
}

async function readStreams(jsm: JetStreamManager, names: readonly string[]): Promise<Map<string, StreamInfo | null>> {
  const out = new Map<string, StreamInfo | null>();
  for (const name of names) {
    try {
      out.set(name, await jsm.streams.info(name));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      out.set(name, null);
    }
  }
  return out;
}

function snapshots(sources: readonly string[], infos: Map<string, StreamInfo | null>): StreamSnapshot[] {
  return sources.map((stream) => {
    const info = infos.get(stream) ?? null;
    const skipped = info?.config.retention === "workqueue" ? "WorkQueue stream: refused as a source (live only)" : null;
    return { stream, messages: info?.state.messages ?? null, lastSeq: info?.state.last_seq ?? null, skipped };
  });
}

export async function rebuildIndex(o: RebuildOptions): Promise<RebuildResult> {
  const { batch, consumerPrefix } = o.settings.ingest;
  const nc = await o.connection();
  const jsm = await jetstreamManager(nc);
  // Pilot's own streams (discovered, or PILOT_SOURCES): the capture stream holds what the
  // platform's streams have long since dropped.
  const { sources } = await ingestSources(jsm, o.settings);
  const infos = await readStreams(jsm, sources);
  const readable = sources.filter((s) => {
    const r = infos.get(s)?.config.retention;
    return r === "limits" || r === "interest";
  });
  const interest = readable.filter((s) => infos.get(s)?.config.retention === "interest");
  if (interest.length > 0 && !o.force)
    return {
      kind: "refused",
      message: `${interest.join(", ")} ha${interest.length > 1 ? "ve" : "s"} Interest retention: the index is the only lasting copy of what was acked there, and a reindex would drop it for good. Pass --force to rebuild anyway.`,
    };
  const other = await findOtherIngest(nc, consumerPrefix);
  if (other && !o.force)
    return {
      kind: "refused",
      message: `an ingest is running on the ${consumerPrefix}-* consumers (${other}): stop it first (stop \`npm run ingest\`, or the app, or run the app with PILOT_INGEST=off), or pass --force.`,
    };

  o.store.reset();
  for (const stream of readable) {
    try {
      await jsm.consumers.delete(stream, durableName(consumerPrefix, stream));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  let until: Record<string, number> = Object.fromEntries(readable.map((s) => [s, infos.get(s)?.state.last_seq ?? 0]));
  let total = readable.reduce((sum, s) => sum + (infos.get(s)?.state.messages ?? 0), 0);
  o.log(`rebuilding ${readable.length} stream(s), ${total} message(s), into ${o.settings.index.path}`);
  const bar = o.progress(total);
  let fresh = infos;
  let interrupted = false;
  for (let round = 0; round < MAX_ROUNDS && !interrupted; round++) {
    const ingest = startIngest({
      connection: o.connection,
      store: o.store,
      sources: readable,
      batch,
      consumerPrefix,
      until,
      log: o.log,
      onBatch: (_stream, n) => bar.add(n),
    });
    const onAbort = () => void ingest.stop();
    o.signal?.addEventListener("abort", onAbort, { once: true });
    await ingest.done;
    o.signal?.removeEventListener("abort", onAbort);
    interrupted = o.signal?.aborted ?? false;
    fresh = await readStreams(jsm, sources);
    const counts = o.store.streamCounts();
    const moved = readable.filter((s) => (fresh.get(s)?.state.last_seq ?? 0) > (counts[s]?.lastSeq ?? 0) && (fresh.get(s)?.state.messages ?? 0) > (counts[s]?.messages ?? 0));
    if (moved.length === 0) break;
    // Published while rebuilding: read on to the new last sequences.
    until = Object.fromEntries(readable.map((s) => [s, fresh.get(s)?.state.last_seq ?? 0]));
    total = Math.max(total, readable.reduce((sum, s) => sum + (fresh.get(s)?.state.messages ?? 0), 0));
    bar.setTotal(total);
  }
  bar.finish();
  return { kind: "done", comparison: compareIndex(snapshots(sources, fresh), o.store.streamCounts()), interrupted };
}
