import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { subjectCoveredBy } from "@/lib/nats/subject-overlap";
import { PILOT_STREAMS } from "@/lib/nats/topology";
import { stringifyLossless } from "@/lib/protocol/json";
import {
  demoMessages,
  demoPayloadBytes,
  demoTrustedSigners,
  DEFAULT_START_NS,
} from "@/lib/testing/demo/index";
import type { DemoMessage } from "@/lib/testing/demo/types";
import { openStore, type IngestRecord, type Store } from "@/lib/store";

/** Shared by the store and API tests: temp stores, demo traffic as stream records. */

/** Lifecycle events are on no stream of Pilot's topology; tests give them one. */
export const OTHER_STREAM = "SMITH_EVENTS";

export function streamOf(subject: string): string {
  const spec = PILOT_STREAMS.find((s) => s.subjects.some((f) => subjectCoveredBy(subject, f)));
  return spec?.name ?? OTHER_STREAM;
}

/** Numbers messages per stream, in order, as JetStream would. */
export class StreamSequencer {
  readonly #next = new Map<string, number>();

  record(m: DemoMessage): IngestRecord {
    const stream = streamOf(m.subject);
    const seq = (this.#next.get(stream) ?? 0) + 1;
    this.#next.set(stream, seq);
    const headers = m.headers
      ? Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, [v]]))
      : null;
    return {
      stream,
      seq,
      subject: m.subject,
      headers,
      payload: demoPayloadBytes(m),
      publishedAtNs: DEFAULT_START_NS + BigInt(Math.round(m.atMs)) * 1_000_000n,
    };
  }

  /** A record on a subject with a payload of the test's making. */
  raw(subject: string, payload: string | unknown, stream = streamOf(subject)): IngestRecord {
    const seq = (this.#next.get(stream) ?? 0) + 1;
    this.#next.set(stream, seq);
    const text = typeof payload === "string" ? payload : stringifyLossless(payload);
    return {
      stream,
      seq,
      subject,
      headers: null,
      payload: new TextEncoder().encode(text),
      publishedAtNs: null,
    };
  }
}

export const SEED = 7;

const demoCache = new Map<number, DemoMessage[]>();

/** The first `count` demo messages of the seed (cached: signing makes them slow to build). */
export function demo(count: number, seed = SEED): DemoMessage[] {
  const cached = demoCache.get(seed);
  if (cached && cached.length >= count) return cached.slice(0, count);
  const fresh = demoMessages({ seed }, count);
  demoCache.set(seed, fresh);
  return fresh;
}

export function demoRecords(
  count: number,
  seed = SEED,
): { messages: DemoMessage[]; records: IngestRecord[] } {
  const messages = demo(count, seed);
  const seq = new StreamSequencer();
  return { messages, records: messages.map((m) => seq.record(m)) };
}

export interface TempStore {
  store: Store;
  file: string;
  /** Opens a second Store on the same file (as another process would). */
  reopen(): Store;
  cleanup(): void;
}

export function tempStore(seed = SEED): TempStore {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-store-"));
  const file = path.join(dir, "index.sqlite");
  const opts = { trustedSigners: demoTrustedSigners(seed) };
  const opened: Store[] = [];
  const open = () => {
    const s = openStore(file, opts);
    opened.push(s);
    return s;
  };
  return {
    store: open(),
    file,
    reopen: open,
    cleanup() {
      for (const s of opened) s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Applies records in batches of `size`, as ingest does. */
export function applyInBatches(store: Store, records: readonly IngestRecord[], size = 500) {
  const total = { applied: 0, duplicates: 0, quarantined: 0 };
  for (let i = 0; i < records.length; i += size) {
    const r = store.applyBatch(records.slice(i, i + size));
    total.applied += r.applied;
    total.duplicates += r.duplicates;
    total.quarantined += r.quarantined;
  }
  return total;
}
