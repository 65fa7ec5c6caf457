// `node --conditions=react-server --import tsx scripts/bench/live-profile.ts [--rate 1000 --seconds 3]`:
// a CPU profile of the Intents page (Chromium's CDP profiler) while intents arrive at a
// steady rate, summarised as self time per function. Build the app first (`next build`).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { serviceAuth } from "../../lib/nats/auth/connect-auth";
import { z } from "zod";
import { E2E_SEED, keys, makeIntent } from "../../e2e/support/intents";
import { demoTrustedSigners } from "../../lib/testing/demo/keys";
import { watchIntentRows } from "./live-probes";
import { startLiveStack } from "./live-stack";
import { chromiumLaunchOptions } from "../../lib/testing/chromium";

const args = z
  .object({
    rate: z.coerce.number().int().positive().default(1000),
    seconds: z.coerce.number().positive().default(3),
    out: z.string().optional(),
    trace: z.string().optional(),
  })
  .parse(parseArgs({ options: { rate: { type: "string" }, seconds: { type: "string" }, out: { type: "string" }, trace: { type: "string" } } }).values);


const profileNodeSchema = z.object({
  id: z.number(),
  callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() }),
  children: z.array(z.number()).optional(),
});
const profileSchema = z.object({
  nodes: z.array(profileNodeSchema),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

const stack = await startLiveStack(demoTrustedSigners(E2E_SEED));
const browser = await chromium.launch(chromiumLaunchOptions());
const nc = await connect({ servers: stack.settings.nats.url, ...(await serviceAuth(stack.settings, "publisher")) });
try {
  const domain = `profile-${Date.now()}`;
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await stack.signIn(page.context());
  await page.goto(`${stack.baseUrl}/intents?domain=${domain}`);
  await page.getByRole("status", { name: "Live connection: Connected" }).waitFor();
  await watchIntentRows(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  // Optionally a Chromium trace as well (style, layout, paint: what a JS profile calls "(program)").
  if (args.trace) await browser.startTracing(page, { path: args.trace, categories: ["devtools.timeline", "blink", "v8"] });
  const total = Math.round(args.rate * args.seconds);
  const batch = Array.from({ length: total }, (_, i) => makeIntent({ key: keys.trusted[i % 3] ?? null, domain }));
  const started = performance.now();
  for (let i = 0; i < batch.length; i++) {
    const intent = batch[i];
    if (!intent) continue;
    nc.publish(`smith.intents.vetted.${intent.capability}`, intent.text);
    const wait = started + ((i + 1) * 1000) / args.rate - performance.now();
    if (wait > 4) await new Promise((r) => setTimeout(r, wait));
  }
  await nc.flush();
  const last = batch[batch.length - 1]?.id ?? "";
  // The same cheap probe as bench:live: Playwright's own locators would poll the page's
  // accessibility tree and show up in the profile.
  await page
    .waitForFunction((id) => (window as unknown as { __seen: Record<string, number> }).__seen[id], last, { timeout: 60_000, polling: 50 })
    .catch(() => console.log("last intent not visible within 60 s"));
  console.log(`${total} intents at ${args.rate}/s; last visible ${((performance.now() - started) / 1000).toFixed(1)} s after the first publish`);
  const { profile } = await cdp.send("Profiler.stop");
  if (args.trace) await browser.stopTracing();
  if (args.out) writeFileSync(args.out, JSON.stringify(profile));
  const p = profileSchema.parse(profile);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  let sum = 0;
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    sum += us;
    const f = n.callFrame;
    const file = f.url.split("/").pop() ?? "";
    const key = `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const idle = [...byFn].filter(([k]) => k.startsWith("(idle)")).reduce((a, [, v]) => a + v, 0);
  console.log(`profile: ${(sum / 1e6).toFixed(2)} s, busy ${((sum - idle) / 1e6).toFixed(2)} s`);
  for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms  ${((us / sum) * 100).toFixed(1).padStart(5)}%  ${k}`);
  }
} finally {
  await nc.close();
  await browser.close();
  await stack.stop();
}
