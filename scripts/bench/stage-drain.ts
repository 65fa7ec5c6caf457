import type { IngestStore } from "../../lib/ingest/batch";
import { startIngest } from "../../lib/ingest/ingest";
import type { TestNats } from "../../lib/ingest/test-nats";
import { check } from "./cpu-clocks";

/** Runs ingest over every stream to its last message under a new consumer prefix; wall ms. */
export async function drain(nats: TestNats, prefix: string, store: IngestStore, until: Record<string, number>, batch: number): Promise<number> {
  const nc = await nats.connect("pilot");
  const started = performance.now();
  const ingest = startIngest({
    connection: async () => nc,
    store,
    sources: Object.keys(until),
    batch,
    consumerPrefix: prefix,
    until,
  });
  await ingest.done;
  const ms = performance.now() - started;
  const failed = ingest.status().sources.filter((s) => s.lastError);
  check(failed.length === 0, failed.map((s) => `${s.stream}: ${s.lastError}`).join("; "));
  await nc.drain();
  return ms;
}

/** A store that only counts: ingest's NATS side alone. */
export function nowhere(): IngestStore & { seen: () => number } {
  let seen = 0;
  return {
    prepareBatch: (r) => ({ size: r.length }),
    applyPrepared: (b) => ((seen += b.size), { applied: b.size, duplicates: 0, quarantined: 0 }),
    cursors: () => ({}),
    seen: () => seen,
  };
}
