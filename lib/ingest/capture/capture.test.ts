import path from "node:path";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CAPTURE_STREAM } from "@/lib/protocol/captured-subject";
import { openStore, type Store } from "../../store";
import { startIngest } from "../ingest";
import { startIngestRun, type IngestRun } from "../run-ingest";
import { spawnScript, waitFor } from "../test-helpers";
import { startTestNats, type TestNats } from "../test-nats";
import { agentKey, publishIntent, smithIntent, type SignedIntent } from "../../testing/smith-double/agent";
import { startSmithExecutor, type SmithExecutor } from "../../testing/smith-double/executor";
import { capabilityStream, layOutSmith, type ExecutorConsumer, type SmithTopology } from "../../testing/smith-double/topology";
import { listGaps } from "./capture-state";

// Pilot attached to a NATS laid out as agentd lays it out (the Smith deployment double),
// against a real nats-server: generous timeouts for a loaded machine.
vi.setConfig({ testTimeout: 120_000 });
const key = agentKey("capture-test-agent");
const CAPS = ["fs.read.v1", "shell.exec.v1"];

interface World {
  nats: TestNats;
  smith: NatsConnection;
  pilot: NatsConnection;
  jsm: JetStreamManager;
  consumers: ExecutorConsumer[];
  executor: SmithExecutor;
  stores: Store[];
  runs: IngestRun[];
}
let world: World | null = null;

async function setUp(topology: SmithTopology, ages: { intentsAgeMs?: number; resultsAgeMs?: number } = {}): Promise<World> {
  const nats = await startTestNats({}, { topology: false });
  const smith = await nats.connect("publisher");
  const pilot = await nats.connect("pilot");
  const jsm = await jetstreamManager(smith);
  const consumers = await layOutSmith(jsm, topology, { capabilities: CAPS, ...ages });
  const executor = startSmithExecutor(smith, { consumers, decide: () => "ok" });
  world = { nats, smith, pilot, jsm, consumers, executor, stores: [], runs: [] };
  return world;
}

function pilotRun(w: World, name = "index.sqlite"): { store: Store; run: IngestRun } {
  const store = openStore(path.join(w.nats.dir, name));
  const run = startIngestRun({ settings: w.nats.settings, store, connection: async () => w.pilot, log: process.env.CAPTURE_TEST_LOG ? (l) => console.log(l) : () => {} });
  w.stores.push(store);
  w.runs.push(run);
  return { store, run };
}

async function publishMany(w: World, n: number): Promise<SignedIntent[]> {
  const out: SignedIntent[] = [];
  for (let i = 0; i < n; i++) {
    const capability = CAPS[i % CAPS.length] ?? "fs.read.v1";
    const intent = smithIntent({ capability, key, params: capability === "fs.read.v1" ? { path: `/srv/${i}` } : { command: "echo", args: [String(i)] } });
    await publishIntent(w.smith, intent);
    out.push(intent);
  }
  return out;
}

const indexed = (store: Store, table: "intents" | "results") => store.tableCounts()[table] ?? 0;

async function executorDelivered(w: World): Promise<{ delivered: number; acked: number; pending: number }> {
  let delivered = 0;
  let acked = 0;
  let pending = 0;
  for (const c of w.consumers) {
    const ci = await w.jsm.consumers.info(c.stream, c.durable);
    delivered += ci.delivered.stream_seq === 0 ? 0 : ci.delivered.consumer_seq;
    acked += ci.ack_floor.consumer_seq;
    pending += ci.num_pending + ci.num_ack_pending;
  }
  return { delivered, acked, pending };
}

afterEach(async () => {
  if (!world) return;
  const w = world;
  world = null;
  for (const r of w.runs) await r.stop();
  await w.executor.stop();
  for (const s of w.stores) s.close();
  await w.pilot.close();
  await w.smith.close();
  await w.nats.stop();
});

describe("capture against Smith's per-capability topology (WorkQueue intent streams)", () => {
  it("shows every intent once while the executor still receives and acks every one", async () => {
    const w = await setUp("per-capability");
    const { store } = pilotRun(w);
    await waitFor("capture to run", async () => (await w.runs[0]?.sources())?.includes(CAPTURE_STREAM) ?? false);
    const sent = await publishMany(w, 40);
    await waitFor("every intent and result in the index", () => indexed(store, "intents") === 40 && indexed(store, "results") === 40);
    for (const i of sent) expect(store.getIntent(i.id)?.intent?.id).toBe(i.id);
    await waitFor("the executor to ack all", async () => (await executorDelivered(w)).acked === 40);
    const counts = await executorDelivered(w);
    expect(counts).toEqual({ delivered: 40, acked: 40, pending: 0 });
    expect(w.executor.counts.received).toBe(40);
    // Pilot holds no consumer on a WorkQueue stream: only the executor's is there.
    for (const cap of CAPS) {
      const names = [];
      for await (const ci of w.jsm.consumers.list(capabilityStream(cap))) names.push(ci.name);
      expect(names).toEqual([`executor-${cap.replace(/\./g, "-")}-workqueue`]);
    }
  });

  it("after a stop, reads what still waits by sequence and reports what was taken meanwhile as a gap", async () => {
    const w = await setUp("per-capability");
    const first = pilotRun(w);
    await waitFor("capture to run", async () => (await first.run.sources()).includes(CAPTURE_STREAM));
    await publishMany(w, 4);
    await waitFor("4 intents indexed", () => indexed(first.store, "intents") === 4);
    await first.run.stop();
    // Pilot is down: 6 intents are run and acked by the executor, then the executor stops and 5 wait.
    await publishMany(w, 6);
    await waitFor("the executor to take them", async () => (await executorDelivered(w)).acked === 10);
    await w.executor.stop();
    await publishMany(w, 5);
    const again = pilotRun(w, "index.sqlite");
    await waitFor("the 5 waiting intents indexed", () => indexed(again.store, "intents") === 9, 30_000);
    const gaps = await listGaps(w.jsm);
    const total = gaps.filter((g) => g.stream.startsWith("JS_INTENTS_")).reduce((n, g) => n + (g.count ?? 0), 0);
    expect(total).toBe(6);
    for (const g of gaps) expect(g.toMs).toBeGreaterThanOrEqual(g.fromMs);
    // The waiting ones are still there for the executor: reading by sequence took nothing.
    const waiting = await Promise.all(CAPS.map(async (c) => (await w.jsm.streams.info(capabilityStream(c))).state.messages));
    expect(waiting.reduce((a, b) => a + b, 0)).toBe(5);
    // Started once more with nothing new: what waits under the watermark is not read again.
    await again.run.stop();
    const third = pilotRun(w, "index.sqlite");
    await waitFor("capture to run again", async () => (await third.run.sources()).includes(CAPTURE_STREAM));
    const watched = third.run.capture?.status().watched ?? [];
    expect(watched.filter((o) => o.stream.startsWith("JS_INTENTS_")).map((o) => o.recovered)).toEqual([0, 0]);
    expect((await listGaps(w.jsm)).length).toBe(gaps.length);
  });
});

describe("capture against Smith's bootstrap topology (INTENTS 10 min, RESULTS 5 min)", () => {
  it("keeps the whole history in Pilot's own stream after Smith's streams have expired", async () => {
    const w = await setUp("bootstrap", { intentsAgeMs: 3000, resultsAgeMs: 3000 });
    const { store, run } = pilotRun(w);
    await waitFor("capture to run", async () => (await run.sources()).includes(CAPTURE_STREAM));
    await publishMany(w, 12);
    await waitFor("12 intents and results indexed", () => indexed(store, "intents") === 12 && indexed(store, "results") === 12);
    await waitFor("Smith's streams to expire", async () => (await w.jsm.streams.info("INTENTS")).state.messages === 0 && (await w.jsm.streams.info("RESULTS")).state.messages === 0, 20_000);
    // A replica started later, from an empty index, reads everything from PILOT_CAPTURE.
    const fresh = openStore(path.join(w.nats.dir, "fresh.sqlite"));
    w.stores.push(fresh);
    const until = { [CAPTURE_STREAM]: (await w.jsm.streams.info(CAPTURE_STREAM)).state.last_seq };
    const replay = startIngest({ connection: async () => w.pilot, store: fresh, sources: [CAPTURE_STREAM], batch: 100, consumerPrefix: "pilot-replica-2", until });
    await replay.done;
    expect(indexed(fresh, "intents")).toBe(12);
    expect(indexed(fresh, "results")).toBe(12);
    // `npm run reindex` (ingest stopped first) drops the index and rebuilds it whole.
    await run.stop();
    const reindex = spawnScript("scripts/reindex.ts", w.nats.env);
    const { code } = await reindex.exit;
    expect(reindex.output().trimEnd().split("\n").at(-1), reindex.output()).toBe("index matches streams");
    expect(code).toBe(0);
    expect(indexed(store, "intents")).toBe(12);
    expect(indexed(store, "results")).toBe(12);
  });
});
