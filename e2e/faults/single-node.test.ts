import { mkdtempSync, rmSync, unlinkSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { serviceAuth } from "../../lib/nats/auth/connect-auth";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { PilotSettings } from "../../lib/env";
import { keys, makeIntent } from "../support/intents";
import { TestSession } from "../support/graphs";
import { expectIndexEqualsStreams, expectSameIntentIds, indexState } from "./support/compare";
import { singleNode, singleNodeSettings, type NatsNode } from "./support/nats-nodes";
import { PilotApp } from "./support/pilot-app";
import { startPublisher } from "./support/publisher";
import { jetStreamBack } from "./support/jetstream";
import { launchBrowser, openLivePage, wasNotReloaded } from "./support/browser";
import { waitFor } from "../../lib/ingest/test-helpers";
import { BUDGET, SAYS_BEHIND_WITHIN_MS } from "./support/budget";
import { browserConsumers, expectPageConverges, liveDiagnosis, pageState } from "./support/live-page";
import { PullStall } from "./support/ws-stall";

let dir: string;
let settings: PilotSettings;
let nats: NatsNode;
let app: PilotApp;
let nc: NatsConnection;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pilot-faults-"));
  settings = await singleNodeSettings(dir);
  nats = await singleNode(settings, dir);
  app = new PilotApp({ dir: path.join(dir, "pilot"), settings, servers: settings.nats.servers, wsServers: settings.nats.wsServers });
  await app.start();
  nc = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "pilot")), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await nc?.close().catch(() => undefined);
  await app?.stop();
  await nats?.stop();
  // PILOT_KEEP_FAULTS=1 keeps the processes' logs and stores for a post-mortem.
  if (process.env.PILOT_KEEP_FAULTS === "1") console.log(`[fault] kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

async function publisherConnection(): Promise<NatsConnection> {
  return connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "publisher")), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}

it("nats-server stopped for 10 s under the demo publisher: ingest catches up, open pages resume with no gap, no duplicate, no reload", async () => {
  const publisher = startPublisher(settings, settings.nats.servers, 200, 3);
  try {
    await outage(publisher);
  } finally {
    publisher.kill("SIGTERM");
  }
  await expectIndexEqualsStreams("nats-server stopped 10 s", nc, app.indexPath);
  await expectSameIntentIds("nats-server stopped 10 s", nc, app.indexPath);
});

async function outage(publisher: ReturnType<typeof startPublisher>): Promise<void> {
  const pub = await publisherConnection();
  const js = jetstream(pub);
  const domain = `fault-${Date.now()}`;
  const session = new TestSession(pub);
  await session.send({ nodes: [session.node("plan", "running", "planner")] });
  await waitFor("the session in the index", async () => (await fetch(`${app.baseUrl}/api/sessions/${session.id}/graph`, { headers: { cookie: await app.cookie() } })).ok, BUDGET.appStartMs);
  const intents = await openLivePage(browser, app, `/intents?domain=${domain}`);
  const dag = await openLivePage(browser, app, `/sessions/${session.id}`);

  await nats.stop();
  await new Promise((r) => setTimeout(r, 10_000));
  await nats.start();
  await jetStreamBack(pub);

  const sent: string[] = [];
  for (let i = 0; i < 50; i++) {
    const intent = makeIntent({ key: keys.trusted[i % 3] ?? null, domain });
    await js.publish(`smith.intents.vetted.${intent.capability}`, intent.text);
    sent.push(intent.id);
  }
  const kids = Array.from({ length: 10 }, (_, i) => session.node(`after-${i}`, "ok"));
  await session.send({ nodes: [session.node("plan", "ok", "planner"), ...kids], edges: kids.map((k) => session.edge("plan", k.label)) });
  const publishedAt = Date.now();
  // The publisher stops, so that the streams stop growing and the index can equal them.
  if (publisher.exitCode === null) {
    const gone = new Promise((r) => publisher.once("exit", r));
    publisher.kill("SIGTERM");
    await gone;
  }

  await expectPageConverges(intents, nc, { count: 50, stream: "ATOMS_VETTED", publishedAt, what: "nats-server stopped 10 s" });
  await dag.getByRole("status", { name: "Canvas contents" }).filter({ hasText: /^11 nodes · 10 edges/ }).waitFor({ timeout: BUDGET.convergeMs });
  expect([await wasNotReloaded(intents), await wasNotReloaded(dag)]).toEqual([true, true]);
  await pub.close();
  await intents.context().close();
  await dag.context().close();
}

it("the browser's consumer stalls while its connection stays up (its pulls lost on the way, its consumer deleted): the page says it is behind within 15 s, then shows every intent once, without a reload", async () => {
  const VETTED = "ATOMS_VETTED";
  const FILTER = "smith.intents.vetted.>";
  const pub = await publisherConnection();
  const js = jetstream(pub);
  const domain = `stall-${Date.now()}`;
  const publish = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const intent = makeIntent({ key: keys.trusted[i % 3] ?? null, domain });
      await js.publish(`smith.intents.vetted.${intent.capability}`, intent.text);
    }
  };
  try {
    await publish(10);
    const before = new Set((await browserConsumers(nc, VETTED, FILTER)).map((c) => c.name));
    const stall = new PullStall();
    const page = await openLivePage(browser, app, `/intents?domain=${domain}`, (p) => stall.install(p));
    await expectPageConverges(page, nc, { count: 10, stream: VETTED, publishedAt: Date.now(), what: "before the stall" });

    // From here the page's pulls never reach the server, and the pull it has waiting goes
    // with its consumer: nothing is delivered, and nothing disconnects.
    stall.on = true;
    const jsm = await jetstreamManager(nc);
    // The 10 rows came with the page's snapshot: its live consumer may still be on its way
    // (it was not yet, once, on a loaded machine).
    const pageConsumers = async () => (await browserConsumers(nc, VETTED, FILTER)).filter((c) => !before.has(c.name));
    await waitFor("the page's consumer on ATOMS_VETTED", async () => (await pageConsumers()).length > 0, BUDGET.pageMs, 250);
    const mine = await pageConsumers();
    for (const c of mine) await jsm.consumers.delete(VETTED, c.name);
    await publish(20);
    const publishedAt = Date.now();
    const behind = page.getByRole("status", { name: /^Live connection: Behind by \d+ messages? since \d\d:\d\d:\d\d — reconnecting$/ });
    try {
      await behind.waitFor({ timeout: SAYS_BEHIND_WITHIN_MS });
    } catch (err) {
      throw new Error(`the page did not say it is behind within ${SAYS_BEHIND_WITHIN_MS} ms (${String(err)})\n${await liveDiagnosis(page, nc, VETTED, `pulls dropped: ${stall.dropped}`)}`);
    }
    const saidAfterMs = Date.now() - publishedAt;
    // The count is the stream head at the page's last probe: a probe made while the 20 were
    // still being stored says fewer (15 once, on a busy machine), and the next one says 20.
    await expect
      .poll(async () => (await pageState(page)).label, { timeout: Math.max(SAYS_BEHIND_WITHIN_MS - (Date.now() - publishedAt), 5_000), interval: 250 })
      .toMatch(/Behind by 20 messages/);
    const said = await pageState(page);
    expect(said.rows).toBe(10);

    stall.on = false;
    const seen = await expectPageConverges(page, nc, { count: 30, stream: VETTED, publishedAt: Date.now(), what: "after the stall" });
    expect(await wasNotReloaded(page)).toBe(true);
    console.log(`[fault] stalled consumer: "${said.label}" ${saidAfterMs} ms after the messages were published (${stall.dropped} pull frames dropped); then ${seen.labels.join(" → ")}`);
    await page.context().close();
  } finally {
    await pub.close();
  }
});

it("Pilot killed with SIGKILL during a large ingest and started again: the index equals the streams", async () => {
  await app.stop();
  const pub = await publisherConnection();
  const js = jetstream(pub);
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < 20_000; i++) {
    const intent = makeIntent({ key: null, domain: "sigkill" });
    pending.push(js.publish(`smith.intents.vetted.${intent.capability}`, intent.text));
    if (pending.length >= 1000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await pub.close();
  await app.start();
  const before = indexState(app.indexPath).intents;
  await waitFor("ingest to be part-way", () => indexState(app.indexPath).intents > before + 500, BUDGET.indexMs, 20);
  app.kill();
  await app.start();
  await expectIndexEqualsStreams("Pilot killed with SIGKILL mid-ingest", nc, app.indexPath);
  await expectSameIntentIds("Pilot killed with SIGKILL mid-ingest", nc, app.indexPath);
});

it("the index file deleted while Pilot is stopped: rebuilt on start, converges", async () => {
  await app.stop();
  for (const f of [app.indexPath, `${app.indexPath}-wal`, `${app.indexPath}-shm`]) if (existsSync(f)) unlinkSync(f);
  await app.start();
  const health = await app.api("/api/health");
  expect(health).toBeTruthy();
  await expectIndexEqualsStreams("index deleted while stopped", nc, app.indexPath);
  await expectSameIntentIds("index deleted while stopped", nc, app.indexPath);
});
