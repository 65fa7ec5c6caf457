import path from "node:path";
import { jetstreamManager, RetentionPolicy, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PILOT_STREAM_NAMES } from "../nats/topology";
import { openStore, type Store } from "../store";
import { durableName } from "./consumer-setup";
import { startIngest, type IngestOptions } from "./ingest";
import { expectFromDemo, lastSeqs, streamCounts, total, untilEvery, waitFor, type DemoExpectation, type StreamCounts } from "./test-helpers";
import { publishDemoBurst, startTestNats, type TestNats } from "./test-nats";

// Against a real nats-server: slower than unit tests, hence the generous timeouts.
const N = 3000;
const PREFIX = "pilot-ingest";
let nats: TestNats;
let nc: NatsConnection;
let jsm: JetStreamManager;
let expected: DemoExpectation;
let streams: StreamCounts;
const stores: Store[] = [];

function store(name: string): Store {
  const s = openStore(path.join(nats.dir, name));
  stores.push(s);
  return s;
}

function ingest(s: Store, more: Partial<IngestOptions> = {}) {
  return startIngest({ connection: async () => nc, store: s, sources: PILOT_STREAM_NAMES, batch: 250, consumerPrefix: PREFIX, retryMs: 200, ...more });
}

async function deleteConsumers(prefix = PREFIX): Promise<void> {
  for (const stream of Object.keys(streams)) await jsm.consumers.delete(stream, durableName(prefix, stream));
}

beforeAll(async () => {
  nats = await startTestNats();
  const { messages } = await publishDemoBurst(nats, N, 11);
  expected = expectFromDemo(messages);
  nc = await nats.connect("pilot");
  jsm = await jetstreamManager(nc);
  streams = await streamCounts(jsm);
}, 120_000);

afterAll(async () => {
  for (const s of stores) s.close();
  await nc?.close();
  await nats?.stop();
});

describe("ingest against a real nats-server", () => {
  let main: Store;

  it("indexes every stored message exactly once, with matching intent ids, then stops cleanly", async () => {
    expect(total(streams)).toBe(expected.stored.length);
    main = store("index.sqlite");
    const run = ingest(main);
    await waitFor("the index to catch up", () => total(main.streamCounts()) === expected.stored.length);
    await run.stop();
    expect(run.status().state).toBe("stopped");
    expect(main.streamCounts()).toEqual(streams);
    expect(main.cursors()).toEqual(lastSeqs(streams));
    const sum = run.status().sources.reduce((n, s) => n + s.applied + s.quarantined, 0);
    expect(sum).toBe(expected.stored.length);
    expect(main.tableCounts().intents).toBe(expected.intentIds.size);
    for (const id of expected.intentIds) expect(main.getIntent(id)?.intent, id).toBeTruthy();
    // Every message acked after its commit: nothing left pending on any consumer.
    for (const stream of Object.keys(streams)) {
      const ci = await jsm.consumers.info(stream, durableName(PREFIX, stream));
      expect([ci.num_pending, ci.num_ack_pending], stream).toEqual([0, 0]);
    }
  }, 120_000);

  it("puts every malformed sample in quarantine with a reason; nothing valid is missing", () => {
    expect(expected.malformed.length).toBeGreaterThan(10);
    const counts = main.tableCounts();
    expect(counts.quarantine).toBe(expected.malformed.length);
    expect(counts.messages).toBe(expected.stored.length);
    const page = main.listQuarantine({ limit: 1000 });
    expect(page.items).toHaveLength(expected.malformed.length);
    const wanted = expected.malformed.map((m) => `${m.subject} ${m.payload}`).sort();
    const got = page.items.map((q) => `${q.subject} ${q.raw}`).sort();
    expect(got).toEqual(wanted);
    for (const q of page.items) expect(q.reason.length, q.subject).toBeGreaterThan(0);
  });

  it("changes nothing when every message is delivered again (consumers deleted)", async () => {
    const before = main.tableCounts();
    await deleteConsumers();
    const run = ingest(main, { until: untilEvery(streams) });
    await run.done;
    const sources = run.status().sources;
    expect(sources.reduce((n, s) => n + s.duplicates, 0)).toBe(expected.stored.length);
    expect(sources.reduce((n, s) => n + s.applied + s.quarantined, 0)).toBe(0);
    expect(main.tableCounts()).toEqual(before);
    expect(main.streamCounts()).toEqual(streams);
  }, 120_000);

  it("rebuilds a lost index: a consumer ahead of the index is moved back to the start", async () => {
    const fresh = store("replacement.sqlite");
    const run = ingest(fresh, { until: untilEvery(streams) });
    await run.done;
    expect(fresh.streamCounts()).toEqual(streams);
    expect(fresh.tableCounts()).toEqual(main.tableCounts());
  }, 120_000);

  it("refuses a WorkQueue source and retries a missing one, naming each, while the others run", async () => {
    await jsm.streams.add({ name: "TEST_WORKQUEUE", subjects: ["smith.testonly.wq.>"], retention: RetentionPolicy.Workqueue });
    const s = store("wq.sqlite");
    const run = ingest(s, { sources: ["TEST_WORKQUEUE", "NO_SUCH_STREAM", "SKILLLITE"], consumerPrefix: "wq-test" });
    const state = (name: string) => run.status().sources.find((x) => x.stream === name);
    await waitFor("the sources to settle", () => state("TEST_WORKQUEUE")?.state === "refused" && state("NO_SUCH_STREAM")?.state === "missing" && state("SKILLLITE")?.lag === 0);
    expect(state("TEST_WORKQUEUE")?.lastError).toMatch(/TEST_WORKQUEUE has WorkQueue retention: Pilot never consumes from one/);
    expect(state("NO_SUCH_STREAM")?.lastError).toMatch(/stream NO_SUCH_STREAM does not exist/);
    expect(state("SKILLLITE")?.state).toBe("running");
    expect(run.status().state).toBe("error");
    expect(await jsm.consumers.list("TEST_WORKQUEUE").next()).toHaveLength(0);
    await run.stop();
    expect(s.streamCounts().SKILLLITE).toEqual(streams.SKILLLITE);
  }, 60_000);

  it("rides out a nats-server restart and indexes what is published after it", async () => {
    const s = store("restart.sqlite");
    const run = ingest(s, { consumerPrefix: "restart-test" });
    await waitFor("the first pass", () => total(s.streamCounts()) === expected.stored.length);
    await nats.restart();
    await publishDemoBurst(nats, 500, 12);
    // The test's own connection may still be reconnecting, and JetStream recovering its
    // streams, when the publisher is done: ask until it answers.
    let now: StreamCounts = {};
    await waitFor("JetStream to answer after the restart", async () => {
      try {
        now = await streamCounts(jsm);
        return true;
      } catch {
        return false;
      }
    });
    await waitFor("the index to catch up after the restart", () => total(s.streamCounts()) === total(now), 60_000);
    await run.stop();
    expect(s.streamCounts()).toEqual(now);
    streams = now;
  }, 120_000);

  it("refuses a stream that was recreated behind the index's back", async () => {
    const s = store("recreated.sqlite");
    const other = startIngest({ connection: async () => nc, store: s, sources: ["NEWT_REPLIES"], batch: 100, consumerPrefix: "recreate-test", until: { NEWT_REPLIES: streams.NEWT_REPLIES?.lastSeq ?? 0 } });
    await other.done;
    const config = (await jsm.streams.info("NEWT_REPLIES")).config;
    await jsm.streams.delete("NEWT_REPLIES");
    await jsm.streams.add(config);
    const run = startIngest({ connection: async () => nc, store: s, sources: ["NEWT_REPLIES"], batch: 100, consumerPrefix: "recreate-test" });
    await run.done;
    expect(run.status().sources[0]?.state).toBe("refused");
    expect(run.status().sources[0]?.lastError).toMatch(/the stream was recreated; run npm run reindex/);
  }, 60_000);
});
