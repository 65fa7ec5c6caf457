import path from "node:path";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PILOT_STREAM_NAMES } from "../nats/topology";
import { openStore, type Store } from "../store";
import { startIngest } from "./ingest";
import { hostileMessage, type HostileMessage } from "./test-hostile";
import { streamCounts, total, waitFor } from "./test-helpers";
import { startTestNats, type TestNats } from "./test-nats";
import { createDemoGenerator } from "@/lib/testing/demo/generator";

// 10,000 hostile messages through a real nats-server into ingest, valid ones interleaved.
const HOSTILE = 10_000;
let nats: TestNats;
let store: Store;

beforeAll(async () => {
  nats = await startTestNats();
  store = openStore(path.join(nats.dir, "fuzz.sqlite"));
}, 60_000);
afterAll(async () => {
  store?.close();
  await nats?.stop();
});

it("survives 10,000 hostile messages: every invalid one quarantined with a reason, every valid one indexed, prototypes untouched", async () => {
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  const nc = await nats.connect("publisher");
  const js = jetstream(nc);
  const sent: { seq: number; stream: string; m: HostileMessage }[] = [];
  const demo = createDemoGenerator({ seed: 5 })[Symbol.iterator]();
  const batch: Promise<void>[] = [];
  for (let i = 0; i < HOSTILE; i++) {
    const m = hostileMessage(i);
    batch.push(js.publish(m.subject, m.payload).then((ack) => void sent.push({ seq: ack.seq, stream: ack.stream, m })));
    // Every fifth message a valid one from the demo generator (when a stream captures it).
    if (i % 5 === 0) {
      const d = demo.next().value;
      if (d && !d.malformed && /^(smith\.intents\.vetted|smith\.results|smith\.audit|smith\.events\.graph|newt\.replies|skilllite|smith\.benchmark)\./.test(d.subject))
        batch.push(js.publish(d.subject, d.payload).then((ack) => void sent.push({ seq: ack.seq, stream: ack.stream, m: { subject: d.subject, payload: new Uint8Array(), expect: "index", kind: "demo" } })));
    }
    if (batch.length >= 200) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await nc.drain();

  const main = await nats.connect("pilot");
  const run = startIngest({ connection: async () => main, store, sources: PILOT_STREAM_NAMES, batch: 250, consumerPrefix: "fuzz", retryMs: 200 });
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const streams = await streamCounts(await jetstreamManager(main));
  await waitFor("ingest to take every message", () => total(store.streamCounts()) === total(streams), 180_000);
  await run.stop();
  await main.close();

  const quarantined = new Map<string, string>();
  for (let cursor: readonly [number] | undefined; ; ) {
    const page = store.listQuarantine({ limit: 500, after: cursor });
    for (const q of page.items) quarantined.set(`${q.stream}#${q.seq}`, q.reason);
    const last = page.items.at(-1);
    if (!page.nextCursor || !last) break;
    cursor = [last.id];
  }
  const byKind = new Map<string, { sent: number; quarantined: number }>();
  for (const { seq, stream, m } of sent) {
    const reason = quarantined.get(`${stream}#${seq}`);
    const k = byKind.get(m.kind) ?? { sent: 0, quarantined: 0 };
    byKind.set(m.kind, { sent: k.sent + 1, quarantined: k.quarantined + (reason ? 1 : 0) });
    if (m.expect === "quarantine") expect(reason, `${m.kind} (${stream} #${seq})`).toBeTruthy();
    if (m.expect === "index") expect(reason, `${m.kind} (${stream} #${seq})`).toBeUndefined();
    if (reason !== undefined) expect(reason.length).toBeGreaterThan(0);
  }
  // Nothing lost: every message is in the ledger, indexed or quarantined.
  expect(store.streamCounts()).toEqual(streams);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  const probe: Record<string, unknown> = {};
  expect([probe.polluted, probe.polluted2]).toEqual([undefined, undefined]);

  console.log(`hostile fuzz: ${sent.length} messages published (${HOSTILE} hostile), ${quarantined.size} quarantined, ${total(streams) - quarantined.size} indexed`);
  for (const [kind, c] of [...byKind].sort()) console.log(`  ${kind.padEnd(36)} sent ${String(c.sent).padStart(5)}  quarantined ${String(c.quarantined).padStart(5)}`);
}, 300_000);
