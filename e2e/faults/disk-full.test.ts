import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "@nats-io/transport-node";
import { serviceAuth } from "../../lib/nats/auth/connect-auth";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import type { PilotSettings } from "../../lib/env";
import { waitFor } from "../../lib/ingest/test-helpers";
import { makeIntent } from "../support/intents";
import { expectIndexEqualsStreams, expectSameIntentIds, indexState } from "./support/compare";
import { singleNode, singleNodeSettings, type NatsNode } from "./support/nats-nodes";
import { PilotApp } from "./support/pilot-app";
import { launchBrowser } from "./support/browser";

// The index on a tmpfs of a few megabytes: a real "database or disk is full" from SQLite,
// then the same mount grown back, with Pilot running throughout. Mounting needs root (CI
// runs as root); elsewhere the test says why it does not run.
const isRoot = process.getuid?.() === 0;

let dir: string;
let mount: string;
let settings: PilotSettings;
let nats: NatsNode;
let app: PilotApp;
let nc: NatsConnection;

beforeAll(async () => {
  if (!isRoot) return;
  dir = mkdtempSync(path.join(tmpdir(), "pilot-diskfull-"));
  mount = path.join(dir, "index-disk");
  mkdirSync(mount);
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=6m", "pilot-index-disk", mount]);
  settings = await singleNodeSettings(dir);
  nats = await singleNode(settings, dir);
  app = new PilotApp({ dir: path.join(dir, "pilot"), indexPath: path.join(mount, "index.sqlite"), settings, servers: settings.nats.servers, wsServers: settings.nats.wsServers });
  await app.start();
  nc = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "pilot")) });
});

afterAll(async () => {
  if (!isRoot) return;
  await nc?.close().catch(() => undefined);
  await app?.stop();
  await nats?.stop();
  try {
    execFileSync("umount", [mount]);
  } catch {
    // not mounted
  }
  rmSync(dir, { recursive: true, force: true });
});

const ingestHealth = z.object({
  ingest: z.object({ sources: z.array(z.object({ stream: z.string(), state: z.string(), lastError: z.string().nullable() }).loose()) }).loose(),
}).loose();

async function vettedSource(): Promise<{ state: string; lastError: string | null } | undefined> {
  const health = ingestHealth.parse(await app.api("/api/health"));
  return health.ingest.sources.find((s) => s.stream === "ATOMS_VETTED");
}

it.skipIf(!isRoot)("the index disk full: ingest stops acking, the Health page says why, and it resumes without loss once space returns", async () => {
  const pub = await connect({ servers: settings.nats.servers, ...(await serviceAuth(settings, "publisher")) });
  const js = jetstream(pub);
  // Intents of ~40 KB each: a few hundred are several times the 6 MB disk.
  const blob = "x".repeat(40_000);
  for (let i = 0; i < 400; i++) {
    const intent = makeIntent({ key: null, domain: "disk-full", params: { path: `/tmp/${i}`, note: blob } });
    await js.publish(`smith.intents.vetted.${intent.capability}`, intent.text);
  }
  await pub.close();

  await waitFor("ingest to report the full disk", async () => /full/i.test((await vettedSource())?.lastError ?? ""), 120_000, 500);
  const source = await vettedSource();
  console.log(`[fault] index disk full: ATOMS_VETTED ${source?.state}: ${source?.lastError}`);

  // Nothing it could not write was acked: the durable consumer still holds the rest.
  const consumers = await (await jetstreamManager(nc)).consumers.list("ATOMS_VETTED").next();
  const pending = consumers.reduce((n, c) => n + c.num_pending + c.num_ack_pending, 0);
  const indexed = indexState(app.indexPath).intents;
  console.log(`[fault] index disk full: ${indexed} of 400 intents indexed, ${pending} still pending in the consumer`);
  expect(indexed).toBeLessThan(400);
  expect(indexed + pending).toBeGreaterThanOrEqual(400);

  // What a person sees on the Health page.
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    await app.signIn(context);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/health`);
    await page.getByText(/database or disk is full/i).first().waitFor();
  } finally {
    await browser.close();
  }

  execFileSync("mount", ["-o", "remount,size=256m", mount]);
  await expectIndexEqualsStreams("index disk full, then space back", nc, app.indexPath);
  await expectSameIntentIds("index disk full, then space back", nc, app.indexPath);
  expect((await vettedSource())?.state).toBe("running");
});
