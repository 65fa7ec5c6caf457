import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Firing } from "@/lib/contract/alerts";
import { consumerConfig, durableName } from "../ingest/consumer-setup";
import { startAlertNats, type AlertNats } from "../testing/alert-nats";
import { tempStore, type TempStore } from "../testing/store-fixtures";
import { Evaluator } from "./evaluator";
import { readIngestFleet } from "./ingest-fleet";
import type { RuleRecord } from "./records";

// Ingest-stalled judged from JetStream: replicas' ingest durables on a real nats-server,
// made with ingest's own consumer config, acked (or not) as an ingest would. Each replica's
// evaluator reads the same consumers, so they agree whoever does the ingesting. The clock
// handed to the evaluators runs ahead of the server's by the window instead of the test
// waiting it out.
const WINDOW = 60_000;
let nats: AlertNats;
let nc: NatsConnection;
let jsm: JetStreamManager;
const stores: TempStore[] = [];
beforeAll(async () => {
  nats = await startAlertNats();
  nc = await nats.connect();
  jsm = await jetstreamManager(nc);
}, 60_000);
afterAll(async () => {
  for (const s of stores) s.cleanup();
  await nats?.stop();
});

const rule: RuleRecord = { id: "stall1", name: "ingest stalled", kind: "ingest-stalled", query: null, threshold: null, windowMs: WINDOW, muted: false, webhook: null, createdBy: "t", createdMs: 0, updatedBy: "t", updatedMs: 0 };

/** A replica's evaluator: its own index (empty: what it ingests or not is JetStream's to say), the shared view of ingest. */
function replica(now: () => number) {
  const index = tempStore();
  stores.push(index);
  const published: Firing[] = [];
  const e = new Evaluator({ store: index.store, rules: () => [{ key: "rule.stall1", value: rule, revision: 1 }], publish: async (f) => void published.push(f), known: () => false, ingest: () => readIngestFleet(jsm), replica: "r", now });
  return { e, published };
}

/** A source stream (on a subject Pilot's server user may publish) with `count` messages and the ingest durables of the given replicas' prefixes. */
async function source(name: string, prefixes: string[], count: number): Promise<void> {
  await jsm.streams.add({ name, subjects: [`pilot.alert.fleet_${name.toLowerCase()}.>`] });
  for (const p of prefixes) await jsm.consumers.add(name, consumerConfig(durableName(p, name), 100, 1));
  const js = jetstream(nc);
  for (let i = 0; i < count; i++) await js.publish(`pilot.alert.fleet_${name.toLowerCase()}.e`, `{"n":${i}}`);
}

/** What an ingest that keeps up does: fetch everything and ack it. */
async function ingestAll(stream: string, prefix: string, count: number): Promise<void> {
  const c = await jetstream(nc).consumers.get(stream, durableName(prefix, stream));
  const iter = await c.fetch({ max_messages: count, expires: 5_000 });
  for await (const m of iter) await m.ackAck();
}

describe("ingest-stalled from every replica's ingest consumers", () => {
  it("does not fire on a replica whose ingest runs elsewhere while that ingest keeps up", async () => {
    await source("T_ELSEWHERE", ["pilot-ingest-b"], 20);
    await ingestAll("T_ELSEWHERE", "pilot-ingest-b", 20);
    // Replica A ingests nothing itself; a window later, B's durable is current.
    const a = replica(() => Date.now() + 2 * WINDOW);
    expect(await a.e.tick()).toEqual([]);
    const views = (await readIngestFleet(jsm)).filter((v) => v.stream === "T_ELSEWHERE");
    expect(views).toEqual([expect.objectContaining({ durable: "pilot-ingest-b-T_ELSEWHERE", behind: 0 })]);
  });

  it("fires the same firing on every replica when every ingest is stalled, only after the window", async () => {
    await source("T_ALLSTUCK", ["pilot-ingest-a", "pilot-ingest-b"], 30);
    const views = (await readIngestFleet(jsm)).filter((v) => v.stream === "T_ALLSTUCK");
    expect(views.map((v) => [v.durable, v.behind])).toEqual([["pilot-ingest-a-T_ALLSTUCK", 30], ["pilot-ingest-b-T_ALLSTUCK", 30]].sort());
    expect(views.every((v) => v.waitingSinceMs !== null && v.waitingSinceMs <= Date.now())).toBe(true);
    // Not yet a window: quiet.
    expect(await replica(() => Date.now()).e.tick()).toEqual([]);
    const later = Date.now() + WINDOW + 5_000;
    const [a, b] = [replica(() => later), replica(() => later)];
    const [fa, fb] = [await a.e.tick(), await b.e.tick()];
    const mine = (fs: Firing[]) => fs.filter((f) => f.summary.includes("T_ALLSTUCK"));
    expect(mine(fa)).toHaveLength(1);
    expect(mine(fa).map((f) => f.id)).toEqual(mine(fb).map((f) => f.id));
    expect(mine(fa)[0]?.summary).toContain("pilot-ingest-a-T_ALLSTUCK on T_ALLSTUCK (30 not acked");
    expect(mine(fa)[0]?.summary).toContain("pilot-ingest-b-T_ALLSTUCK on T_ALLSTUCK (30 not acked");
  });

  it("names only the stalled replica's durable when another replica's keeps up", async () => {
    await source("T_ONESTUCK", ["pilot-ingest-a", "pilot-ingest-b"], 10);
    await ingestAll("T_ONESTUCK", "pilot-ingest-b", 10);
    const [f] = (await replica(() => Date.now() + WINDOW + 5_000).e.tick()).filter((x) => x.summary.includes("T_ONESTUCK"));
    expect(f?.summary).toContain("pilot-ingest-a-T_ONESTUCK");
    expect(f?.summary).not.toContain("pilot-ingest-b-T_ONESTUCK");
  });
});
