import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAlertNats, type AlertNats } from "../testing/alert-nats";
import { auditBurst } from "../testing/alert-fixtures";
import { tempStore, type TempStore } from "../testing/store-fixtures";
import type { Firing } from "@/lib/contract/alerts";
import { openAlertStore } from "./alert-store";
import { Deliverer } from "./deliverer";
import { Evaluator } from "./evaluator";
import { ruleKey, ruleRecord, type RuleRecord } from "./records";
import { verifySignature } from "./signature";

// Two replicas of Pilot's alerting in one process: each its own NATS connection (as Pilot's
// server user) and its own index holding the same events, over one alert store on a real
// nats-server. Both evaluate the same rule; the stream must keep one firing, and one
// webhook must leave.
const SECRET = "test-secret-0123456789";
let nats: AlertNats;
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  nats = await startAlertNats();
}, 60_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await nats?.stop();
});

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A webhook receiver answering `status`, keeping what it got. */
async function receiver(status: number): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      got.push({ body, headers: req.headers });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "thanks" : "receiver is broken ".repeat(100));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, server };
}

async function replica(storeName: string, index: TempStore) {
  const nc = await nats.connect();
  const store = await openAlertStore(nc, { store: storeName, replicas: 1 });
  const published: { id: string; duplicate: boolean }[] = [];
  const evaluator = new Evaluator({
    store: index.store,
    rules: () => store.rules.entries("rule.", ruleRecord),
    publish: async (f: Firing) => {
      const r = await store.publishFiring(f);
      published.push({ id: f.id, duplicate: r.duplicate });
    },
    known: (id) => store.events.firing(id) !== null,
    ingest: async () => [],
    replica: `replica-${published.length}-${Math.random()}`,
  });
  const deliverer = new Deliverer(jetstream(nc), store, { backoff: { baseMs: 50, capMs: 200, maxAttempts: 3 }, timeoutMs: 2_000, globalSecret: null, pilotUrl: null });
  cleanups.push(() => {
    deliverer.stop();
    store.close();
  });
  return { store, evaluator, deliverer, published };
}

function indexWithBurst(count: number, ms: number): TempStore {
  const t = tempStore();
  cleanups.push(() => t.cleanup());
  t.store.applyBatch(auditBurst(1, count, ms));
  return t;
}

const rule = (id: string, url: string | null, o: Partial<RuleRecord> = {}): RuleRecord => ({
  id,
  name: `denials ${id}`,
  kind: "audit-count",
  query: "decision:deny",
  threshold: 5,
  windowMs: 600_000,
  muted: false,
  webhook: url ? { url, format: "json", secret: SECRET } : null,
  createdBy: "test",
  createdMs: 0,
  updatedBy: "test",
  updatedMs: 0,
  ...o,
});

async function until<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function twoReplicas(storeName: string, events: number) {
  const now = Date.now();
  const a = await replica(storeName, indexWithBurst(events, now));
  const b = await replica(storeName, indexWithBurst(events, now));
  return { a, b };
}

describe("alerting with two replicas", () => {
  it("fires once and sends one signed webhook when both evaluate the same crossing", async () => {
    const hook = await receiver(200);
    const { a, b } = await twoReplicas("T_ONCE", 6);
    await a.store.rules.create(ruleKey("once1"), rule("once1", hook.url));
    await until("the rule on B", () => b.store.rules.entries("rule.", ruleRecord).length === 1);
    a.deliverer.start();
    b.deliverer.start();
    // Both replicas count 6 denials ≥ 5 in the same window and publish under the same key.
    const [fa, fb] = await Promise.all([a.evaluator.tick(), b.evaluator.tick()]);
    expect(fa.map((f) => f.id)).toEqual(fb.map((f) => f.id));
    expect(fa).toHaveLength(1);
    const all = [...a.published, ...b.published];
    expect(all).toHaveLength(2);
    expect(all.filter((p) => !p.duplicate)).toHaveLength(1);

    await until("the delivery", () => hook.got.length === 1);
    await a.store.events.catchUp();
    await until("the delivery record", () => a.store.events.firings()[0]?.deliveries.length === 1);
    // More ticks on both: the window has fired, nothing is published again.
    await Promise.all([a.evaluator.tick(), b.evaluator.tick()]);
    await b.store.events.catchUp();
    expect(a.store.events.firings()).toHaveLength(1);
    expect(b.store.events.firings()).toHaveLength(1);
    expect(hook.got).toHaveLength(1);

    const [req] = hook.got;
    const header = req?.headers["pilot-signature"];
    expect(verifySignature(SECRET, req?.body ?? "", typeof header === "string" ? header : null, Math.floor(Date.now() / 1000))).toMatchObject({ ok: true });
    expect(JSON.parse(req?.body ?? "{}")).toMatchObject({ type: "pilot.alert.firing", firing: { ruleId: "once1", details: { count: 6, threshold: 5 } } });
    expect(b.store.events.firings()[0]?.deliveries[0]).toMatchObject({ attempt: 1, status: 200, body: "thanks", outcome: "delivered" });
  }, 60_000);

  it("does not fire under the threshold", async () => {
    const { a } = await twoReplicas("T_UNDER", 4);
    await a.store.rules.create(ruleKey("under1"), rule("under1", null));
    await until("the rule", () => a.store.rules.entries("rule.", ruleRecord).length === 1);
    expect(await a.evaluator.tick()).toEqual([]);
  }, 60_000);

  it("retries a receiver that answers 500 on the schedule, and logs each attempt with its answer", async () => {
    const hook = await receiver(500);
    const { a, b } = await twoReplicas("T_RETRY", 6);
    await a.store.rules.create(ruleKey("retry1"), rule("retry1", hook.url));
    await until("the rule", () => a.store.rules.entries("rule.", ruleRecord).length === 1);
    a.deliverer.start();
    b.deliverer.start();
    await a.evaluator.tick();
    await until("three attempts", () => hook.got.length === 3);
    await until("three delivery records", () => b.store.events.firings()[0]?.deliveries.length === 3);
    const ds = b.store.events.firings()[0]?.deliveries ?? [];
    expect(ds.map((d) => [d.attempt, d.status, d.outcome])).toEqual([[1, 500, "retrying"], [2, 500, "retrying"], [3, 500, "failed"]]);
    expect(ds[0]?.body.length).toBe(512);
    // The waits follow the schedule (50 ms, then 100 ms), measured by the receiver's clock: at least, never less.
    expect((ds[1]?.atMs ?? 0) - (ds[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(50);
    expect((ds[2]?.atMs ?? 0) - (ds[1]?.atMs ?? 0)).toBeGreaterThanOrEqual(100);
    expect(new Set(hook.got.map((g) => g.headers["pilot-delivery-id"])).size).toBe(1);
  }, 60_000);

  it("a muted rule fires nothing and sends nothing", async () => {
    const hook = await receiver(200);
    const { a, b } = await twoReplicas("T_MUTED", 20);
    await a.store.rules.create(ruleKey("muted1"), rule("muted1", hook.url, { muted: true }));
    await until("the rule on B", () => b.store.rules.entries("rule.", ruleRecord).length === 1);
    a.deliverer.start();
    expect(await a.evaluator.tick()).toEqual([]);
    expect(await b.evaluator.tick()).toEqual([]);
    await a.store.events.catchUp();
    expect(a.store.events.firings()).toEqual([]);
    expect(hook.got).toEqual([]);
  }, 60_000);
});
