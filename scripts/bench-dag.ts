// `npm run bench:dag [-- --sizes 500,2000,10000 --skip-build]`: in headless Chromium against
// the production build, per generated DAG: navigation → fully painted graph, the longest
// main-thread block during load and during a pan, and one node-status delta's repaint;
// beside it, in the same browser, a bare ELK layout of the same graph. Figures, not assertions.
import { atMost, recordFigure } from "./bench/results";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { connect } from "@nats-io/transport-node";
import { serviceAuth } from "../lib/nats/auth/connect-auth";
import { z } from "zod";
import { LAYOUT_OPTIONS, layoutRequestOf, toElkGraph } from "../lib/graph/elk-layout";
import { deltaChange } from "../lib/graph/apply-delta";
import { buildView } from "../lib/graph/view-graph";
import { startCpuProfile, stopCpuProfile } from "./bench/cpu-profile";
import { clearLongTasks, LONG_TASK_PROBE, longestTask, pan, paintedAt, statusChangedAt, watchNodeStatus } from "./bench/dag-probes";
import { dagFixture, statusDelta, type DagFixture } from "./bench/dag-fixture";
import { percentile } from "./bench/live-probes";
import { startLiveStack } from "./bench/live-stack";
import { chromiumLaunchOptions } from "../lib/testing/chromium";

const args = z
  .object({
    sizes: z
      .string()
      .default("500,2000,10000")
      .transform((s) => s.split(",").map((x) => Number(x.trim())))
      .pipe(z.array(z.number().int().min(4).max(50_000)).min(1)),
    "skip-build": z.boolean().default(false),
    /** Print a CPU profile summary of each page load. */
    profile: z.boolean().default(false),
  })
  .parse(parseArgs({ options: { sizes: { type: "string" }, "skip-build": { type: "boolean" }, profile: { type: "boolean" } } }).values);

const TARGETS: Record<number, string> = { 2000: "≤ 2 s", 10000: "≤ 8 s, no block > 200 ms" };
const elkScript = readFileSync(createRequire(import.meta.url).resolve("elkjs/lib/elk.bundled.js"), "utf8");

if (!args["skip-build"]) {
  const res = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (res.status !== 0) throw new Error("next build failed");
}

/** The graph the page lays out (fan-outs collapsed), in the worker's request shape. */
function layoutRequest(f: DagFixture) {
  const graph = deltaChange(1, { nodes_added: f.nodes, edges_added: f.edges, nodes_removed: [], edges_removed: [] });
  return layoutRequestOf(buildView({ nodes: graph.nodesAdded, edges: graph.edgesAdded }, { expanded: new Set(), failuresOnly: false }));
}

const stack = await startLiveStack([]);
const browser = await chromium.launch(chromiumLaunchOptions());
const nc = await connect({ servers: stack.settings.nats.url, ...(await serviceAuth(stack.settings, "publisher")) });
const rows: string[][] = [];
const cookie = await stack.cookie();
try {
  console.log(`Pilot bench:dag — ${new Date().toISOString()} — Chromium, production build`);
  for (const size of args.sizes) {
    const f = dagFixture(size, 1000 + size);
    for (const d of f.deltas) nc.publish(`smith.events.graph.${f.sessionId}`, d);
    await nc.flush();
    const graphUrl = `${stack.baseUrl}/api/sessions/${f.sessionId}/graph`;
    let apiMs = 0;
    for (let i = 0; ; i++) {
      const t0 = performance.now();
      const res = await fetch(graphUrl, { headers: { cookie } });
      const body: unknown = res.ok ? await res.json() : null;
      apiMs = performance.now() - t0;
      if (z.object({ nodes: z.array(z.unknown()) }).safeParse(body).data?.nodes.length === size) break;
      if (i > 600) throw new Error(`the index never held the ${size}-node session`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await stack.signIn(context);
    const page = await context.newPage();
    await page.addInitScript(LONG_TASK_PROBE);
    const profiler = args.profile ? await startCpuProfile(page) : null;
    // From a tab already on Pilot's origin, as when a person follows a link or permalink in
    // Pilot: a first visit would add Chromium starting a renderer process (0.3–0.5 s here).
    await page.goto(`${stack.baseUrl}/api/health/live`);
    await page.goto(`${stack.baseUrl}/sessions/${f.sessionId}`);
    const painted = await paintedAt(page, 120_000);
    if (profiler) console.log((await stopCpuProfile(profiler)).join("\n"));
    const loadBlock = await longestTask(page, 0, painted);
    const drawn = await page.locator(".react-flow__node").count();
    const canvasText = (await page.getByRole("status", { name: "Canvas contents" }).textContent()) ?? "";
    const workerLayout = /layout ([\d.]+ m?s(?: on the server)?)/.exec(canvasText)?.[1] ?? "?";
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0];
      return n instanceof PerformanceNavigationTiming ? { response: n.responseEnd, dcl: n.domContentLoadedEventEnd } : null;
    });

    const repaints: number[] = [];
    const onScreen = Math.min(5, await page.locator(".react-flow__node[data-id]").count());
    for (let i = 0; i < onScreen; i++) {
      const id = await page.locator(".react-flow__node[data-id]").nth(i).getAttribute("data-id");
      const node = f.nodes.find((n) => n.id === id);
      if (!node) continue;
      const to = node.metadata.status === "error" ? "ok" : "error";
      await watchNodeStatus(page, node.id, to);
      const sentAt = Date.now();
      nc.publish(`smith.events.graph.${f.sessionId}`, statusDelta(node, to));
      await nc.flush();
      repaints.push((await statusChangedAt(page, 15_000)) - sentAt);
      node.metadata = { ...node.metadata, status: to };
    }

    await clearLongTasks(page);
    await pan(page);
    const panBlock = await longestTask(page);

    const bare = await browser.newPage();
    await stack.signIn(bare.context());
    await bare.addScriptTag({ content: elkScript });
    const elkMs = await bare.evaluate(
      async ([graph]) => {
        const w = window as unknown as { ELK: new () => { layout(g: unknown): Promise<unknown> } };
        const elk = new w.ELK();
        const t0 = performance.now();
        await elk.layout(graph);
        return performance.now() - t0;
      },
      [toElkGraph(layoutRequest(f))] as const,
    );
    await bare.close();
    await context.close();

    const row = [
      String(size),
      `${(painted / 1000).toFixed(2)} s`,
      `${(elkMs / 1000).toFixed(2)} s`,
      `${(painted / elkMs).toFixed(2)}`,
      `${loadBlock.toFixed(0)} ms`,
      `${panBlock.toFixed(0)} ms`,
      `${percentile(repaints, 50).toFixed(0)} ms (max ${Math.max(...repaints).toFixed(0)})`,
      String(drawn),
      TARGETS[size] ?? "—",
    ];
    rows.push(row);
    const paintLimit = size <= 2000 ? 2 : size <= 10000 ? 8 : null;
    if (paintLimit !== null) {
      recordFigure({ bench: "dag", figure: `${size} nodes: navigation → painted`, unit: "s", pilot: painted / 1000, baseline: elkMs / 1000, ...atMost(painted / 1000, paintLimit, "s") });
    }
    if (size >= 10000) recordFigure({ bench: "dag", figure: `${size} nodes: longest main-thread block`, unit: "ms", pilot: Math.max(loadBlock, panBlock), baseline: null, ...atMost(Math.max(loadBlock, panBlock), 200, "ms") });
    recordFigure({ bench: "dag", figure: `${size} nodes: status delta → repaint, p50`, unit: "ms", pilot: percentile(repaints, 50), baseline: null, ...atMost(percentile(repaints, 50), 100, "ms") });
    console.log(`  ${size} nodes: painted ${row[1]}, bare ELK ${row[2]} (ratio ${row[3]}), longest block load ${row[4]} / pan ${row[5]}, status delta → repaint p50 ${row[6]}, ${drawn} nodes in the DOM; graph API ${apiMs.toFixed(0)} ms, HTML received ${nav?.response.toFixed(0)} ms, DOMContentLoaded ${nav?.dcl.toFixed(0)} ms, first layout ${workerLayout}`);
  }
  console.log("\n| nodes | navigation → painted | bare ELK layout | ratio | longest block, load | longest block, pan | delta → repaint | nodes in DOM | target |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log(`\nELK options: ${JSON.stringify(LAYOUT_OPTIONS)}`);
} finally {
  await nc.close();
  await browser.close();
  await stack.stop();
}
