import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { natsAuthEnv, serviceAuth } from "../../lib/nats/auth/connect-auth";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadSettings, type PilotSettings } from "../../lib/env";
import { createTopology } from "../../lib/testing/nats/stack";
import { freePort } from "../../lib/testing/nats/free-port";
import { waitFor } from "../../lib/ingest/test-helpers";
import { keys, makeIntent, makeResult } from "../support/intents";
import { expectIndexEqualsStreams, expectSameIntentIds, indexState } from "./support/compare";
import { isolatedEnv, threeNodeCluster, type NatsNode } from "./support/nats-nodes";
import { PilotApp } from "./support/pilot-app";
import { startPublisher } from "./support/publisher";
import { clusterHealed, nodeOf } from "./support/jetstream";
import { launchBrowser, openLivePage, wasNotReloaded } from "./support/browser";
import { BUDGET } from "./support/budget";
import { browserConsumers, expectPageConverges } from "./support/live-page";

// Three nats-server processes of nats/cluster-node.conf on loopback, streams with three
// replicas, a WebSocket listener on each node; Pilot and its browsers are given all three.

let dir: string;
let settings: PilotSettings;
let nodes: NatsNode[];
let app: PilotApp;
let nc: NatsConnection;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pilot-cluster-"));
  const base = isolatedEnv(dir);
  const own = loadSettings(base);
  // The nodes take WebSocket connections from pages of these origins only (the shipped
  // cluster config's allowed_origins), so each replica's port is known before they start.
  // nats-server 2.9 keeps one allowed origin per host (a second port of the same host
  // replaces the first), so the two replicas listen on two loopback addresses.
  for (const name of ["a", "b"]) appPorts.set(name, await freePort());
  const cluster = await threeNodeCluster(own, dir, [...appPorts.entries()].map(([name, p]) => `http://${APP_HOSTS[name]}:${p}`));
  nodes = cluster.nodes;
  settings = loadSettings({
    ...base,
    // Told NATS_URL, Pilot signs in with the cluster's keys only when given their file.
    ...natsAuthEnv(own),
    NATS_URL: cluster.ports.map((p) => `nats://127.0.0.1:${p.client}`).join(","),
    NATS_WS_URL: cluster.ports.map((p) => `ws://127.0.0.1:${p.ws}`).join(","),
    PILOT_STREAM_REPLICAS: "3",
  });
  // The cluster elects its JetStream meta leader a moment after the nodes are up.
  await waitFor("the streams to be created with 3 replicas", async () => {
    try {
      await createTopology(settings);
      return true;
    } catch {
      return false;
    }
  }, BUDGET.clusterHealedMs, 500);
  nc = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "pilot")), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  console.log(`[fault] cluster up: ${await clusterHealed(nc, 3)}`);
  app = pilotReplica("a");
  await app.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await nc?.close().catch(() => undefined);
  for (const a of replicas) await a.stop();
  for (const n of nodes ?? []) await n.stop();
  if (process.env.PILOT_KEEP_FAULTS === "1") console.log(`[fault] kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

const replicas: PilotApp[] = [];
const appPorts = new Map<string, number>();
const APP_HOSTS: Record<string, string> = { a: "127.0.0.1", b: "127.0.0.2" };

/** A Pilot replica with its own index and its own durable consumers. */
function pilotReplica(name: string): PilotApp {
  const replica = new PilotApp({
    dir: path.join(dir, `pilot-${name}`),
    settings,
    servers: settings.nats.servers,
    wsServers: settings.nats.wsServers,
    consumerPrefix: `pilot-ingest-${name}`,
    extraEnv: { PILOT_STREAM_REPLICAS: "3" },
    host: APP_HOSTS[name],
  });
  replica.port = appPorts.get(name) ?? 0;
  replicas.push(replica);
  return replica;
}

function monitor(): { name: string; httpUrl: string }[] {
  return nodes.map((n) => ({ name: n.name, httpUrl: n.httpUrl }));
}

function node(name: string | null): NatsNode {
  const found = nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no connection found on any node (${name})`);
  return found;
}

async function publishIntents(pub: NatsConnection, domain: string, count: number): Promise<string[]> {
  const js = jetstream(pub);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const intent = makeIntent({ key: keys.trusted[i % 3] ?? null, domain });
    await js.publish(`smith.intents.vetted.${intent.capability}`, intent.text, { retries: 20 });
    ids.push(intent.id);
  }
  return ids;
}

const VETTED = "ATOMS_VETTED";
const VETTED_FILTER = "smith.intents.vetted.>";

/** Where each side is, for a failure's printout. */
async function whereIsEveryone(): Promise<string> {
  const pilot = await nodeOf(monitor(), { name: "pilot-server" });
  const viewer = await nodeOf(monitor(), { name: "pilot-browser" });
  const up = nodes.filter((n) => n.child !== null).map((n) => n.name);
  return `Pilot on ${pilot}, the browser on ${viewer}; nodes up: ${up.join(", ")}`;
}

/** Until the page shows `count` intents, each once, never saying "Connected" while behind. */
async function expectPageShows(page: Page, count: number, publishedAt: number, what: string): Promise<string> {
  const seen = await expectPageConverges(page, nc, { count, stream: VETTED, publishedAt, what, describe: whereIsEveryone });
  return `${seen.labels.join(" → ")}, and showed all ${count} ${(seen.afterMs / 1000).toFixed(1)} s after they were published`;
}

/** SIGKILLs a node, waits for `check` to hold on what is left, starts it again, waits for the cluster to heal. */
async function loseNode(victim: NatsNode, during: () => Promise<void>): Promise<void> {
  victim.kill();
  const elsewhere = (n: string | null) => n !== null && n !== victim.name;
  await waitFor("Pilot and the browser to reconnect to another node", async () => elsewhere(await nodeOf(monitor(), { name: "pilot-server" })) && elsewhere(await nodeOf(monitor(), { name: "pilot-browser" })), BUDGET.failoverMs, 250);
  await during();
  await victim.start({ rejoin: true });
  console.log(`[fault] ${victim.name} back, cluster healed: ${await clusterHealed(nc, 3)}`);
}

it("the node Pilot and the browser are on is killed: both fail over, nothing is lost, the cluster heals and the counts agree", async () => {
  const publisher = startPublisher(settings, settings.nats.servers, 100, 11);
  const pub = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "publisher")), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  try {
    const domain = `cluster-${Date.now()}`;
    await publishIntents(pub, domain, 20);
    const page = await openLivePage(browser, app, `/intents?domain=${domain}`);
    await expectPageShows(page, 20, Date.now(), "before the fault");

    // Pilot's node first; then the browser's, if the client picked another one.
    const pilotNode = node(await nodeOf(monitor(), { name: "pilot-server" }));
    const browserNode = node(await nodeOf(monitor(), { name: "pilot-browser" }));
    console.log(`[fault] Pilot is on ${pilotNode.name}, the browser on ${browserNode.name}`);
    let sent = 20;
    for (const victim of pilotNode === browserNode ? [pilotNode] : [pilotNode, browserNode]) {
      await loseNode(victim, async () => {
        await publishIntents(pub, domain, 20);
        sent += 20;
        const labels = await expectPageShows(page, sent, Date.now(), `${victim.name} killed`);
        console.log(`[fault] ${victim.name} killed: the page said ${labels}`);
        const now = { pilot: await nodeOf(monitor(), { name: "pilot-server" }), browser: await nodeOf(monitor(), { name: "pilot-browser" }) };
        console.log(`[fault] ${victim.name} killed: Pilot failed over to ${now.pilot}, the browser to ${now.browser}`);
        expect(now.pilot).not.toBe(victim.name);
        expect(now.browser).not.toBe(victim.name);
      });
    }
    await publishIntents(pub, domain, 10);
    await expectPageShows(page, sent + 10, Date.now(), "after the cluster healed");
    expect(await wasNotReloaded(page)).toBe(true);
    await page.context().close();
  } finally {
    const gone = new Promise((r) => publisher.once("exit", r));
    publisher.kill("SIGTERM");
    await gone;
    await pub.close();
  }
  await expectIndexEqualsStreams("cluster node killed", nc, app.indexPath);
  await expectSameIntentIds("cluster node killed", nc, app.indexPath);
});

/**
 * The page's consumer on ATOMS_VETTED (created after `before`), moved off the browser's node
 * if need be: deleted server-side until the page recreates it on another node.
 */
async function consumerAwayFromBrowser(before: ReadonlySet<string>): Promise<{ holder: NatsNode; browserNode: string; name: string }> {
  const jsm = await jetstreamManager(nc);
  for (let attempt = 0; attempt < 10; attempt++) {
    let mine: Awaited<ReturnType<typeof browserConsumers>> = [];
    await waitFor("the page's consumer", async () => {
      mine = (await browserConsumers(nc, VETTED, VETTED_FILTER)).filter((c) => !before.has(c.name) && c.cluster?.leader);
      return mine.length > 0;
    }, BUDGET.failoverMs, 250);
    const newest = mine.sort((a, b) => Date.parse(b.created) - Date.parse(a.created))[0];
    const browserNode = await nodeOf(monitor(), { name: "pilot-browser" });
    if (!newest?.cluster?.leader || !browserNode) continue;
    if (newest.cluster.leader !== browserNode) return { holder: node(newest.cluster.leader), browserNode, name: newest.name };
    // Same node: the page must recreate its consumer (the cluster places it anew).
    await jsm.consumers.delete(VETTED, newest.name);
    await waitFor("the page to recreate its consumer", async () => !(await browserConsumers(nc, VETTED, VETTED_FILTER)).some((c) => c.name === newest.name), BUDGET.failoverMs, 250);
  }
  throw new Error(`the page's consumer stayed on the browser's node through 10 recreations (${await whereIsEveryone()})`);
}

it("the node holding the browser's consumer is killed while the browser stays connected to another node: the page never says Connected while behind, and shows every intent once", async () => {
  const pub = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "publisher")), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  try {
    await clusterHealed(nc, 3);
    const domain = `holder-${Date.now()}`;
    await publishIntents(pub, domain, 20);
    const before = new Set((await browserConsumers(nc, VETTED, VETTED_FILTER)).map((c) => c.name));
    const page = await openLivePage(browser, app, `/intents?domain=${domain}`);
    await expectPageShows(page, 20, Date.now(), "before the fault");
    const { holder, browserNode, name } = await consumerAwayFromBrowser(before);
    console.log(`[fault] the page's consumer ${name} is on ${holder.name}, the browser on ${browserNode}: killing ${holder.name}`);
    holder.kill();
    await publishIntents(pub, domain, 20);
    const labels = await expectPageShows(page, 40, Date.now(), `${holder.name} (holding the page's consumer) killed`);
    console.log(`[fault] consumer's node killed: the page said ${labels}`);
    expect(await nodeOf(monitor(), { name: "pilot-browser" })).toBe(browserNode);
    expect(await wasNotReloaded(page)).toBe(true);
    await page.context().close();
    await holder.start({ rejoin: true });
    console.log(`[fault] ${holder.name} back, cluster healed: ${await clusterHealed(nc, 3)}`);
  } finally {
    await pub.close();
  }
});

it("two Pilot replicas on the same cluster, each with its own index: same counts, and the same intent detail in a browser on either", async () => {
  const pub = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "publisher")) });
  const [id] = await publishIntents(pub, "replicas", 1);
  if (!id) throw new Error("nothing published");
  await jetstream(pub).publish(`smith.results.${id}`, makeResult(id));
  await pub.close();
  const second = pilotReplica("b");
  await second.start();
  const a = await expectIndexEqualsStreams("replica a", nc, app.indexPath);
  const b = await expectIndexEqualsStreams("replica b", nc, second.indexPath);
  expect(b).toEqual(a);
  expect(indexState(second.indexPath).intents).toBe(indexState(app.indexPath).intents);

  const details: string[] = [];
  for (const replica of [app, second]) {
    const page = await openLivePage(browser, replica, `/intents/${id}`);
    const main = page.getByRole("main");
    await page.getByRole("region", { name: "Signature" }).getByTitle("verified").waitFor();
    await page.getByRole("region", { name: "Execution" }).getByText("4242").waitFor();
    // The story the page tells, without what differs by tab (relative times).
    details.push((await main.innerText()).replace(/\d+\s*(ms|s|m|h|d) ago/g, ""));
    await page.context().close();
  }
  expect(details[1]).toBe(details[0]);
  console.log(`[fault] two replicas: ${indexState(app.indexPath).intents} intents in each index; intent ${id} reads the same on both`);
});

/** The status line nats-server answers a WebSocket upgrade from a page of `origin` with. */
function upgradeStatus(wsPort: number, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port: wsPort,
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        origin,
        "sec-websocket-version": "13",
        "sec-websocket-key": randomBytes(16).toString("base64"),
      },
    });
    req.once("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.once("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("error", reject);
    req.end();
  });
}

// Issue 18 row 15: the shipped cluster config took WebSocket connections from any page.
it("the cluster's WebSocket port takes pages of Pilot's own origins only", async () => {
  const wsPort = Number(new URL(settings.nats.wsServers[0] ?? "").port);
  expect(await upgradeStatus(wsPort, app.baseUrl)).toBe(101);
  expect(await upgradeStatus(wsPort, "https://evil.example")).toBe(403);
  expect(await upgradeStatus(wsPort, "http://127.0.0.1:1")).toBe(403);
});
