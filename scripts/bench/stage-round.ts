import path from "node:path";
import type { TestNats } from "../../lib/ingest/test-nats";
import { verifyIntentSignature } from "../../lib/protocol/signature";
import { decodeMessage } from "../../lib/protocol/subjects";
import { nativeEd25519Verify, openStore, type decodeWorker, type IngestRecord, type PreparedBatch } from "../../lib/store";
import { bareDrain } from "./bare-consumer";
import { Best, check, load, processCpuUs, serverCpuUs, threadCpuUs } from "./cpu-clocks";
import { drain, nowhere } from "./stage-drain";

/** The demo messages every round works on, as ingest fetched them, and what they hold. */
export interface StageCorpus {
  nats: TestNats;
  serverPid: number;
  /** Each stream's last sequence: where a drain stops. */
  until: Record<string, number>;
  batch: number;
  batches: IngestRecord[][];
  records: IngestRecord[];
  /** The intents' exact texts, and those of them that are signed. */
  intents: string[];
  signed: string[];
  /** How many signatures verify, and how many messages decoding quarantines. */
  verified: number;
  failing: number;
}

export type DecodeWorker = NonNullable<ReturnType<typeof decodeWorker>>;

/**
 * One round of every stage (the rounds interleave the stages, so that other work on the
 * machine falls on all of them alike): adds its figures to `best` and each stream's size
 * to `streamSizes`; returns the bare consumer's rate (msg/s wall).
 */
export async function measureRound(corpus: StageCorpus, worker: DecodeWorker, round: number, best: Best, streamSizes: Map<string, number>): Promise<number> {
  const { nats, until, serverPid, batches, records, intents, signed, failing, batch } = corpus;
  const n = records.length;
  // NATS: the bare consumer, then ingest's own loop.
  let p = processCpuUs();
  let s = serverCpuUs(serverPid);
  const bare = await bareDrain(nats, until, batch, `bare-${round}`);
  check(bare.seen === n, `bare consumer saw ${bare.seen} of ${n}`);
  best.add("bare client", (processCpuUs() - p) / n);
  best.add("bare server", (serverCpuUs(serverPid) - s) / n);
  const bareRate = (n * 1000) / bare.ms;

  const loop = nowhere();
  p = processCpuUs();
  let t = threadCpuUs();
  s = serverCpuUs(serverPid);
  await drain(nats, `stages-loop-${round}`, loop, until, batch);
  check(loop.seen() === n, `ingest's loop read ${loop.seen()} of ${n}`);
  best.add("nats client", (processCpuUs() - p) / n);
  best.add("nats client, main thread", (threadCpuUs() - t) / n);
  best.add("nats server", (serverCpuUs(serverPid) - s) / n);

  // Decode, on this thread.
  p = processCpuUs();
  let ok = 0;
  for (const r of records) if (decodeMessage(r.subject, r.payload).ok) ok++;
  best.add("decode", (processCpuUs() - p) / n);
  check(ok === n - failing, `decoded ${ok}, expected ${n - failing}`);

  // Verify: every intent; the signed ones; the signed ones but for the Ed25519 check.
  p = processCpuUs();
  for (const raw of intents) verifyIntentSignature(raw, { verify: nativeEd25519Verify });
  best.add("verify", (processCpuUs() - p) / n);
  p = processCpuUs();
  let verified = 0;
  for (const raw of signed) if (verifyIntentSignature(raw, { verify: nativeEd25519Verify }).state === "verified") verified++;
  best.add("verify per signed intent", (processCpuUs() - p) / signed.length);
  check(verified === corpus.verified, `verified ${verified}, expected ${corpus.verified}`);
  p = processCpuUs();
  for (const raw of signed) verifyIntentSignature(raw, { verify: () => true });
  best.add("verify but Ed25519, per signed intent", (processCpuUs() - p) / signed.length);

  // SQL: each batch prepared (handed to the decode worker), the worker's answers in, then
  // written. An empty chunk posted after the batch is answered after it: the worker
  // answers in order, so its answer means the batch is decoded.
  const store = openStore(path.join(nats.dir, `stages-${round}.sqlite`));
  let handTh = 0;
  let sqlTh = 0;
  const sqlByStream = new Map<string, { us: number; n: number }>();
  const counts = { applied: 0, duplicates: 0, quarantined: 0 };
  p = processCpuUs();
  for (const b of batches) {
    t = threadCpuUs();
    const prepared: PreparedBatch = store.prepareBatch(b);
    check(worker.take(worker.post({})) !== null, "the decode worker stopped answering");
    const t1 = threadCpuUs();
    const got = store.applyPrepared(prepared);
    const t2 = threadCpuUs();
    handTh += t1 - t;
    sqlTh += t2 - t1;
    const stream = b[0]?.stream ?? "";
    const acc = sqlByStream.get(stream) ?? { us: 0, n: 0 };
    sqlByStream.set(stream, { us: acc.us + t2 - t1, n: acc.n + b.length });
    counts.applied += got.applied;
    counts.duplicates += got.duplicates;
    counts.quarantined += got.quarantined;
  }
  best.add("prepared + written, every thread", (processCpuUs() - p) / n);
  best.add("hand-over, main thread", handTh / n);
  best.add("sql", sqlTh / n);
  for (const [stream, v] of sqlByStream) {
    best.add(`sql ${stream}`, v.us / v.n);
    streamSizes.set(stream, v.n);
  }
  const rows = Object.values(store.streamCounts()).reduce((k, c) => k + c.messages, 0);
  store.close();
  check(
    counts.applied + counts.quarantined === n && counts.duplicates === 0 && counts.quarantined === failing && rows === n,
    `SQL stage: ${JSON.stringify(counts)}, ${rows} rows, expected ${n} messages of which ${failing} quarantined`,
  );

  // The whole of ingest, into a fresh index.
  const full = openStore(path.join(nats.dir, `stages-ingest-${round}.sqlite`));
  p = processCpuUs();
  t = threadCpuUs();
  s = serverCpuUs(serverPid);
  const ms = await drain(nats, `stages-ingest-${round}`, full, until, batch);
  best.add("ingest, Pilot", (processCpuUs() - p) / n);
  best.add("ingest, main thread", (threadCpuUs() - t) / n);
  best.add("ingest, nats server", (serverCpuUs(serverPid) - s) / n);
  best.add("ingest ms", ms);
  const indexed = Object.values(full.streamCounts()).reduce((k, c) => k + c.messages, 0);
  full.close();
  check(indexed === n, `ingest indexed ${indexed} of ${n}`);
  console.log(`round ${round} done, load ${load()}`);
  return bareRate;
}
