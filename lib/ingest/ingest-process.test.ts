import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store";
import { durableName } from "./consumer-setup";
import { startIngest } from "./ingest";
import { lastSeqs, spawnScript, streamCounts, total, waitFor, type ScriptRun, type StreamCounts } from "./test-helpers";
import { publishDemoBurst, startTestNats, type TestNats } from "./test-nats";

// `npm run ingest` as a real process, killed with SIGKILL while it writes a large batch.
const N = 40_000;
let nats: TestNats;
let nc: NatsConnection;
let jsm: JetStreamManager;
let streams: StreamCounts;
const running: ScriptRun[] = [];

beforeAll(async () => {
  nats = await startTestNats();
  await publishDemoBurst(nats, N, 5);
  nc = await nats.connect("pilot");
  jsm = await jetstreamManager(nc);
  streams = await streamCounts(jsm);
}, 180_000);

afterAll(async () => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill("SIGKILL");
  await nc?.close();
  await nats?.stop();
});

function startIngestProcess(batch: number): ScriptRun {
  const run = spawnScript("scripts/ingest.ts", { ...nats.env, PILOT_INGEST_BATCH: String(batch) });
  running.push(run);
  return run;
}

describe("the ingest process", () => {
  it("killed with SIGKILL mid-batch and started again, ends with the index equal to the streams", async () => {
    const first = startIngestProcess(20_000);
    // The store is open (and migrated) once a consumer is set up: only then read it too.
    await waitFor("the first consumer", () => /consumer pilot-ingest-\S+ created/.test(first.output()), 60_000);
    const watch: Store = openStore(nats.settings.index.path);
    try {
      await waitFor("a first batch committed", () => total(watch.streamCounts()) > 0, 60_000, 2);
      first.child.kill("SIGKILL");
      expect((await first.exit).signal).toBe("SIGKILL");
      const partial = total(watch.streamCounts());
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(total(streams));
      // The killed process held delivered, unacked messages: the restart must not wait them out.
      let inFlight = 0;
      for (const stream of Object.keys(streams))
        inFlight += (await jsm.consumers.info(stream, durableName("pilot-ingest", stream))).num_ack_pending;
      expect(inFlight).toBeGreaterThan(0);

      const second = startIngestProcess(20_000);
      // Caught up as ingest sees it too: every consumer delivered and acked to the end (a
      // batch committed but not acked before the kill is delivered again, as duplicates).
      const consumersDone = async () => {
        for (const stream of Object.keys(streams)) {
          const ci = await jsm.consumers.info(stream, durableName("pilot-ingest", stream));
          if (ci.num_pending + ci.num_ack_pending > 0) return false;
        }
        return true;
      };
      await waitFor("the index to equal the streams", async () => total(watch.streamCounts()) === total(streams) && (await consumersDone()), 180_000, 200).catch(
        (err: unknown) => {
          throw new Error(`${String(err)}\n--- first run:\n${first.output()}\n--- second run:\n${second.output()}`);
        },
      );
      second.child.kill("SIGTERM");
      expect(await second.exit).toEqual({ code: 0, signal: null });
      expect(second.output()).toMatch(/SIGTERM: finishing the batch in hand[\s\S]*\[ingest\] stopped/);
      expect(second.output()).toMatch(/recreated from seq \d+: \d+ message\(s\) were in flight to a stopped process/);
      expect(watch.streamCounts()).toEqual(streams);

      // No loss, no duplicate: the same rows as an index built in one clean pass.
      const reference = openStore(path.join(nats.dir, "reference.sqlite"));
      const clean = startIngest({ connection: async () => nc, store: reference, sources: Object.keys(streams), batch: 1000, consumerPrefix: "reference", until: lastSeqs(streams) });
      await clean.done;
      expect(watch.tableCounts()).toEqual(reference.tableCounts());
      reference.close();
      expect(await consumersDone()).toBe(true);
    } finally {
      watch.close();
    }
  }, 420_000);
});
