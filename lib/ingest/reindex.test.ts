import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PILOT_STREAM_NAMES } from "../nats/topology";
import { openStore } from "../store";
import { durableName } from "./consumer-setup";
import { startIngest } from "./ingest";
import { spawnScript, streamCounts, untilEvery, type StreamCounts } from "./test-helpers";
import { publishDemoBurst, startTestNats, type TestNats } from "./test-nats";

// `npm run reindex` as a real process on a populated index.
let nats: TestNats;
let nc: NatsConnection;
let jsm: JetStreamManager;
let streams: StreamCounts;

beforeAll(async () => {
  nats = await startTestNats();
  await publishDemoBurst(nats, 5000, 3);
  nc = await nats.connect("pilot");
  jsm = await jetstreamManager(nc);
  streams = await streamCounts(jsm);
  const store = openStore(nats.settings.index.path);
  const run = startIngest({ connection: async () => nc, store, sources: PILOT_STREAM_NAMES, batch: 500, consumerPrefix: "pilot-ingest", until: untilEvery(streams) });
  await run.done;
  store.close();
}, 180_000);

afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

describe("npm run reindex", () => {
  it("refuses while an ingest pulls from the durable consumers", async () => {
    const store = openStore(nats.settings.index.path);
    const live = startIngest({ connection: async () => nc, store, sources: PILOT_STREAM_NAMES, batch: 500, consumerPrefix: "pilot-ingest" });
    try {
      const run = spawnScript("scripts/reindex.ts", nats.env);
      expect((await run.exit).code).toBe(2);
      expect(run.output()).toMatch(/reindex refused: an ingest is running on the pilot-ingest-\* consumers \(\S+ pid \d+\): stop it first/);
      expect(store.streamCounts()).toEqual(streams);
    } finally {
      await live.stop();
      store.close();
    }
  }, 120_000);

  it("drops and rebuilds a populated index, with progress, and ends with \"index matches streams\"", async () => {
    const run = spawnScript("scripts/reindex.ts", nats.env);
    const { code } = await run.exit;
    const out = run.output();
    expect(out, out).toMatch(/\[#+\] [\d,]+ \/ [\d,]+ {2}100\.0% {2}[\d,]+ msg\/s {2}ETA 0s/);
    expect(out.trimEnd().split("\n").at(-1)).toBe("index matches streams");
    expect(code).toBe(0);
    const store = openStore(nats.settings.index.path);
    expect(store.streamCounts()).toEqual(streams);
    store.close();
    // The durable consumers were recreated and left at the end: ingest continues from there.
    for (const stream of Object.keys(streams)) {
      const ci = await jsm.consumers.info(stream, durableName("pilot-ingest", stream));
      expect([ci.num_pending, ci.num_ack_pending, ci.delivered.stream_seq], stream).toEqual([0, 0, streams[stream]?.lastSeq]);
    }
  }, 180_000);
});
