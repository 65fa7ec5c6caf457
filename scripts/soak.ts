// `npm run soak -- --minutes 10 --rate 5000`: the demo publisher at a rate, with headless
// Chromium on /intents and on a live session DAG, against the production build on its own
// loopback nats-server. Every 10 s: each tab's JS heap, the server's RSS, ingest lag and the
// page's lag. Prints the samples and a verdict (exit 0 pass, 1 fail) and writes a PNG chart.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, CDPSession, Page } from "@playwright/test";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { serviceAuth } from "../lib/nats/auth/connect-auth";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildApp } from "../e2e/support/app-process";
import { launchBrowser, openLivePage } from "../e2e/faults/support/browser";
import { singleNode, singleNodeSettings, type NatsNode } from "../e2e/faults/support/nats-nodes";
import { PilotApp } from "../e2e/faults/support/pilot-app";
import { startPublisher } from "../e2e/faults/support/publisher";
import { sessionListSchema } from "../lib/contract/sessions";
import { demoTrustedSigners } from "../lib/testing/demo/keys";
import { parseSoakArgs, SOAK_USAGE } from "./soak/args";
import { chartHtml, writeChart } from "./soak/chart";
import { ingestLag, newestIntentMessageMs, readHealth } from "./soak/ingest-lag";
import { heapUsedMb, openCdp, readPageLag, watchLagIndicator } from "./soak/page-probes";
import { groupRssMb } from "./soak/process-rss";
import { sampleTable, verdictText } from "./soak/report";
import { judge, type Sample } from "./soak/verdict";

const SEED = 42;
const SAMPLE_EVERY_MS = 10_000;

const parsed = parseSoakArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(`${parsed.error}\n\n${SOAK_USAGE}`);
  process.exit(2);
}
const args = parsed.args;

const interrupted = new AbortController();
let forced = false;
const closers: (() => Promise<unknown>)[] = [];
/** Last resort, whatever ends the process: no server, publisher or broker is left behind. */
const killers: (() => void)[] = [];
process.on("exit", () => killers.forEach((kill) => kill()));
let app: PilotApp | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (forced || interrupted.signal.aborted) {
      // A second Ctrl-C: do not wait for a clean stop, but leave no server behind.
      forced = true;
      app?.kill();
      process.exit(130);
    }
    console.log(`\n${signal}: stopping…`);
    interrupted.abort();
  });
}

/** `p`, unless Ctrl-C comes first (a probe of a stalled page can take long). */
function untilInterrupted<T>(p: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    if (interrupted.signal.aborted) return reject(new Error("interrupted"));
    const onAbort = () => reject(new Error("interrupted"));
    interrupted.signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => interrupted.signal.removeEventListener("abort", onAbort));
  });
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (interrupted.signal.aborted) return reject(new Error("interrupted"));
    const onAbort = () => (clearTimeout(timer), reject(new Error("interrupted")));
    const timer = setTimeout(() => (interrupted.signal.removeEventListener("abort", onAbort), resolve()), Math.max(0, at - Date.now()));
    interrupted.signal.addEventListener("abort", onAbort, { once: true });
  });
}

async function stopPublisher(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A session the publisher is still producing: a running one whose deltas grew between two
 * looks at the list 3 s apart (a session can stay "running" with nothing more to come, a
 * node left pending). Failing that by the deadline, the most recently active running one.
 */
async function runningSession(pilot: PilotApp, cookie: string, deadline: number): Promise<string> {
  const look = async () => {
    const res = await fetch(`${pilot.baseUrl}/api/sessions?state=running&sort=activity&limit=20`, { headers: { cookie } });
    return res.ok ? sessionListSchema.parse(await res.json()).items : [];
  };
  let before = await look();
  while (Date.now() < deadline) {
    await sleepUntil(Date.now() + 3000);
    const now = await look();
    const growing = now.find((s) => s.deltas > (before.find((b) => b.sessionId === s.sessionId)?.deltas ?? Infinity));
    if (growing) return growing.sessionId;
    before = now;
  }
  const fallback = (await look())[0];
  if (fallback) return fallback.sessionId;
  throw new Error("no running session in the index within 120 s of publishing");
}

async function main(): Promise<number> {
  if (args.build || !existsSync(".next/BUILD_ID")) {
    console.log("Building the app (next build)…");
    buildApp();
  }
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-soak-"));
  closers.push(async () => (args.keep ? console.log(`Kept ${dir}`) : rmSync(dir, { recursive: true, force: true })));
  const settings = await singleNodeSettings(dir);

  const nats: NatsNode = await singleNode(settings, dir);
  closers.push(() => nats.stop());
  killers.push(() => nats.kill());
  const pilot = new PilotApp({
    dir: path.join(dir, "pilot"),
    settings,
    servers: settings.nats.servers,
    wsServers: settings.nats.wsServers,
    extraEnv: { PILOT_TRUSTED_SIGNERS: demoTrustedSigners(SEED).join(",") },
  });
  app = pilot;
  closers.push(async () => {
    const stopped = pilot.stop();
    const timer = setTimeout(() => pilot.kill(), 15_000);
    await stopped;
    clearTimeout(timer);
  });
  killers.push(() => pilot.kill());
  await untilInterrupted(pilot.start());
  const pgid = pilot.child?.pid;
  if (pgid === undefined) throw new Error("next start has no pid");
  const nc: NatsConnection = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "pilot")), maxReconnectAttempts: -1 });
  closers.push(() => nc.close());
  const jsm = await jetstreamManager(nc);
  const browser: Browser = await launchBrowser({ handleSIGINT: false, handleSIGTERM: false });
  closers.push(() => browser.close());

  console.log(`Pilot at ${pilot.baseUrl}; publishing demo traffic at ${args.rate} msg/s (seed ${SEED})`);
  const publisher = startPublisher(settings, settings.nats.servers, args.rate, SEED);
  closers.push(() => stopPublisher(publisher));
  killers.push(() => publisher.kill("SIGKILL"));
  let cookie = await pilot.cookie();

  const intents: Page = await untilInterrupted(openLivePage(browser, pilot, "/intents"));
  await untilInterrupted(watchLagIndicator(intents));
  const sessionId = await runningSession(pilot, cookie, Date.now() + 120_000);
  const dag: Page = await untilInterrupted(openLivePage(browser, pilot, `/sessions/${sessionId}`));
  // Whether the DAG tab really followed a live session: its canvas counts at the start and the end.
  const canvas = () => untilInterrupted(dag.getByRole("status", { name: "Canvas contents" }).textContent({ timeout: 30_000 }));
  const canvasAtStart = await canvas();
  console.log(`Tabs open: /intents and /sessions/${sessionId}; sampling every ${SAMPLE_EVERY_MS / 1000} s for ${args.minutes} min`);
  const cdp: [CDPSession, CDPSession] = [await openCdp(intents), await openCdp(dag)];

  const samples: Sample[] = [];
  const t0 = Date.now();
  const end = t0 + args.minutes * 60_000;
  let previous = { at: t0, stored: (await ingestLag(await readHealth(pilot.baseUrl, cookie), jsm)).storedTotal };
  await readPageLag(intents, null); // from here on
  console.log(sampleTable([], -1));
  // On the 10 s grid; a tick missed while slow probes ran is skipped, not sampled late.
  for (let k = 1; t0 + k * SAMPLE_EVERY_MS <= end; k = Math.max(k + 1, Math.ceil((Date.now() - t0) / SAMPLE_EVERY_MS))) {
    await sleepUntil(t0 + k * SAMPLE_EVERY_MS);
    if (publisher.exitCode !== null) throw new Error(`the demo publisher exited (code ${publisher.exitCode})`);
    const at = Date.now();
    const health = await untilInterrupted(readHealth(pilot.baseUrl, cookie).catch(async () => readHealth(pilot.baseUrl, (cookie = await pilot.cookie()))));
    const ingest = await untilInterrupted(ingestLag(health, jsm));
    const pageLagS = await untilInterrupted(readPageLag(intents, newestIntentMessageMs(health)));
    const [intentsHeapMb, dagHeapMb] = [await untilInterrupted(heapUsedMb(cdp[0])), await untilInterrupted(heapUsedMb(cdp[1]))];
    const sample: Sample = {
      t: (at - t0) / 1000,
      intentsHeapMb,
      dagHeapMb,
      serverRssMb: groupRssMb(pgid),
      ingestLagS: ingest.lagS,
      ingestLagStream: ingest.lagStream,
      pendingMsgs: ingest.pending,
      pageLagS,
      rate: ((ingest.storedTotal - previous.stored) * 1000) / Math.max(1, at - previous.at),
    };
    previous = { at, stored: ingest.storedTotal };
    samples.push(sample);
    console.log(`${sampleTable([sample], -1).split("\n")[1]}   (probes took ${Date.now() - at} ms)`);
  }
  const canvasAtEnd = await canvas();
  await stopPublisher(publisher);

  const verdict = judge(samples, args.minutes);
  console.log(`\nSoak: ${args.minutes} min at ${args.rate} msg/s requested\n`);
  console.log(sampleTable(samples, verdict.warmUpS));
  console.log(`\nDAG tab (/sessions/${sessionId}): "${canvasAtStart}" at the start, "${canvasAtEnd}" at the end.`);
  console.log(verdictText(verdict, args.minutes, args.rate));
  const outDir = path.resolve(".data/soak");
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `soak-${new Date().toISOString().replace(/[:.]/g, "-")}.png`);
  const title = `Pilot soak ${new Date().toISOString().slice(0, 16)}Z: ${args.minutes} min, ${args.rate} msg/s requested, ${verdict.meanRate.toFixed(0)} stored — ${verdict.pass ? "PASS" : "FAIL"}`;
  await writeChart(browser, chartHtml(title, samples, verdict.warmUpS), file);
  console.log(`Chart: ${file}`);
  return verdict.pass ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  code = interrupted.signal.aborted ? 130 : 1;
  console.error(`soak: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  for (const close of closers.reverse()) await close().catch((err: unknown) => console.error(`soak cleanup: ${String(err)}`));
}
process.exit(code);
