import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { z } from "zod";
import { TestSession } from "./support/graphs";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

// React Flow gives every node the role "group" and its aria-label: "<label>, <type>, <status>".
const node = (page: Page, label: string) => page.getByRole("group", { name: new RegExp(`^${label}, `) });
const canvas = (page: Page) => page.getByRole("status", { name: "Canvas contents" });
const settled = async (page: Page) => {
  await expect(page.getByRole("status", { name: "Layout progress" })).toHaveCount(0);
};

async function positions(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>(".react-flow__node")].map((el) => [el.dataset.id ?? "", el.style.transform]),
    ),
  );
}

test("a streamed session shows exactly its nodes and edges, recolours a node that fails, and drops a removed one", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  const nodes = [s.node("plan", "ok", "planner"), s.node("fetch", "ok"), s.node("build", "running"), s.node("test", "pending"), s.node("report", "pending", "report")];
  await s.send({ nodes, edges: [s.edge("plan", "fetch"), s.edge("plan", "build"), s.edge("fetch", "test"), s.edge("build", "test"), s.edge("test", "report")] });

  await page.goto(`/sessions/${s.id}`);
  await expect(canvas(page)).toHaveText(/^5 nodes · 5 edges on the canvas/);
  await settled(page);
  await expect(page.locator(".react-flow__node")).toHaveCount(5);
  await expect(page.locator(".react-flow__edge")).toHaveCount(5);
  const build = node(page, "build");
  await expect(build).toContainText("running");

  await s.send({ nodes: [s.node("build", "error", "tool_call", { duration_ms: "1200" })] });
  await expect(build).toContainText("error");
  await expect(build).toContainText("✕");
  await expect(build).toContainText("1.20 s");
  await expect(build.locator("div").first()).toHaveCSS("border-color", "rgb(213, 94, 0)");

  await s.send({ removeNodes: ["report"] });
  await expect(canvas(page)).toHaveText(/^4 nodes · 4 edges/);
  await expect(node(page, "report")).toHaveCount(0);
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await nc.close();
});

test("nodes already on screen keep their places when 20 nodes are appended", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  const base = [s.node("root", "ok", "planner"), s.node("a", "ok"), s.node("b", "running"), s.node("c", "pending")];
  await s.send({ nodes: base, edges: [s.edge("root", "a"), s.edge("root", "b"), s.edge("a", "c")] });
  await page.goto(`/sessions/${s.id}`);
  await expect(canvas(page)).toHaveText(/^4 nodes/);
  await settled(page);
  const before = await positions(page);
  const viewport = await page.locator(".react-flow__viewport").getAttribute("style");

  const added = Array.from({ length: 20 }, (_, i) => s.node(`more-${i}`, i % 2 ? "running" : "pending", i % 3 ? "tool_call" : "llm_call"));
  await s.send({ nodes: added, edges: added.map((n, i) => s.edge(i < 10 ? "b" : "c", n.label)) });
  await expect(canvas(page)).toHaveText(/^24 nodes · 23 edges/);
  await settled(page);
  const after = await positions(page);
  for (const [id, transform] of Object.entries(before)) expect(after[id], `node ${id}`).toBe(transform);
  // The viewport did not move under the person either.
  expect(await page.locator(".react-flow__viewport").getAttribute("style")).toBe(viewport);
  await nc.close();
});

test("a session page opens with the layout the server made, and the browser lays out what changes after", async ({ page, stack, request }) => {
  test.slow();
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  const shards = Array.from({ length: 60 }, (_, i) => s.node(`shard-${i}`, "ok"));
  await s.send({ nodes: [s.node("plan", "ok", "planner"), s.node("merge", "running"), ...shards], edges: [s.edge("plan", "merge"), ...shards.map((k) => s.edge("plan", k.label))] });
  await expect.poll(async () => (await request.get(`/api/sessions/${s.id}/graph`)).status()).toBe(200);
  const res = await request.get(`/api/sessions/${s.id}/layout`);
  expect(res.status()).toBe(200);
  const layout = z.object({ ids: z.array(z.string()), xy: z.array(z.number()) }).parse(await res.json());
  // The view the page opens with: plan, merge, and one group for the 60 shards.
  expect(layout.ids).toHaveLength(3);

  await page.goto(`/sessions/${s.id}`);
  await expect(canvas(page)).toHaveText(/^3 nodes · 2 edges on the canvas · layout \d+ ms on the server$/);
  await settled(page);
  const drawn = await positions(page);
  layout.ids.forEach((id, i) => {
    const [x, y] = (/translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(drawn[id] ?? "") ?? []).slice(1).map(Number);
    expect([x, y], `node ${id}`).toEqual([layout.xy[2 * i], layout.xy[2 * i + 1]]);
  });

  // Expanding the group changes the view's shape: the browser's worker lays that out.
  await page.getByRole("group", { name: /^Group of 60 tool_call nodes/ }).click();
  // The first browser layout loads ELK into a worker: on a loaded two-core machine the
  // canvas once still counted 2 nodes after 15 s (the 60 shards not placed yet).
  await expect(canvas(page)).toHaveText(/^62 nodes · 61 edges on the canvas · layout [\d.]+ m?s$/, { timeout: 60_000 });
  await expect(node(page, "shard-59")).toHaveCount(1);

  expect((await request.get(`/api/sessions/${s.id}/layout?seq=soon`)).status()).toBe(400);
  expect((await request.get(`/api/sessions/${randomUUID()}/layout`)).status()).toBe(404);
  await nc.close();
});

test("?seq= shows the graph as it was at that moment, and the scrubber returns to live", async ({ page, stack, request }) => {
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  const first = await s.send({ nodes: [s.node("plan", "running", "planner"), s.node("step", "pending")], edges: [s.edge("plan", "step")] });
  await s.send({ nodes: [s.node("plan", "ok", "planner"), s.node("step", "running"), s.node("extra", "pending")], edges: [s.edge("step", "extra")] });
  await s.send({ nodes: [s.node("step", "ok")] });
  await expect.poll(async () => (await (await request.get(`/api/sessions/${s.id}/timeline`)).json()).seqs?.length).toBe(3);

  await page.goto(`/sessions/${s.id}?seq=${first}`);
  await expect(canvas(page)).toHaveText(/^2 nodes · 1 edges/);
  await expect(node(page, "plan")).toContainText("running");
  await expect(node(page, "step")).toContainText("pending");
  await expect(page.getByRole("slider", { name: "Moment shown" })).toHaveAttribute("aria-valuetext", new RegExp(`^change 1 of 3, seq ${first}`));
  await page.reload();
  await expect(canvas(page)).toHaveText(/^2 nodes · 1 edges/);

  await page.getByRole("button", { name: "Back to live" }).click();
  await expect(page).not.toHaveURL(/seq=/);
  await expect(canvas(page)).toHaveText(/^3 nodes · 2 edges/);
  await expect(node(page, "step")).toContainText("ok");
  await nc.close();
});

test("“Failures only” shows the failed nodes and their ancestors and nothing else", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  const nodes = [
    s.node("plan", "ok", "planner"),
    s.node("read", "ok"),
    s.node("patch", "error", "llm_call"),
    s.node("lint", "ok"),
    s.node("deploy", "denied"),
    s.node("notify", "skipped"),
    s.node("docs", "ok"),
  ];
  await s.send({
    nodes,
    edges: [s.edge("plan", "read"), s.edge("read", "patch"), s.edge("patch", "notify"), s.edge("plan", "lint"), s.edge("lint", "deploy"), s.edge("plan", "docs")],
  });
  await page.goto(`/sessions/${s.id}`);
  await expect(canvas(page)).toHaveText(/^7 nodes/);
  await page.getByRole("checkbox", { name: "Failures only" }).check();
  await expect(page).toHaveURL(/failures=true/);
  await expect(canvas(page)).toHaveText(/^5 nodes · 4 edges/);
  for (const label of ["plan", "read", "patch", "lint", "deploy"]) await expect(node(page, label)).toHaveCount(1);
  for (const label of ["notify", "docs"]) await expect(node(page, label)).toHaveCount(0);
  await nc.close();
});

test("a 60-sibling fan-out renders as one group node that expands on click", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  await s.sendFanOut("plan", "shard", 60);
  await page.goto(`/sessions/${s.id}`);
  await expect(canvas(page)).toHaveText(/^2 nodes · 1 edges/);
  const group = page.getByRole("group", { name: /^Group of 60 tool_call nodes/ });
  await expect(group).toContainText("60 × tool_call");
  await group.click();
  await expect(canvas(page)).toHaveText(/^61 nodes · 60 edges/);
  await expect(node(page, "shard-59")).toHaveCount(1);
  await nc.close();
});

test("a long session draws only what is in view, from its first frame, and every drawn edge meets its nodes' handles", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  // A chain: no fan-out to fold, so the view holds all 400 nodes, far wider than the screen.
  const chain = Array.from({ length: 400 }, (_, i) => s.node(`step-${i}`, "ok", i % 2 ? "tool_call" : "llm_call"));
  await s.send({ nodes: chain, edges: chain.slice(1).map((n, i) => s.edge(`step-${i}`, n.label)) });
  await page.addInitScript(() => {
    const w = window as unknown as { mostNodes: number };
    w.mostNodes = 0;
    new MutationObserver(() => {
      w.mostNodes = Math.max(w.mostNodes, document.querySelectorAll(".react-flow__node").length);
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`/sessions/${s.id}`);
  await expect(canvas(page)).toHaveText(/^400 nodes · 399 edges on the canvas/);
  await settled(page);
  await expect(node(page, "step-0")).toBeVisible();
  // The minimap (drawn a frame after the canvas) shows the whole chain.
  await expect(page.getByRole("img", { name: "Minimap of the session graph" }).locator("rect.react-flow__minimap-node")).toHaveCount(400);
  const most = await page.evaluate(() => (window as unknown as { mostNodes: number }).mostNodes);
  expect(most, "nodes in the page at any moment").toBeGreaterThan(1);
  expect(most, "nodes in the page at any moment").toBeLessThan(60);

  // Each drawn edge starts at its source's right handle and ends at its target's left one,
  // on screen (React Flow is told the handles rather than measuring every node).
  const ends = await page.evaluate(() =>
    [...document.querySelectorAll<SVGGElement>(".react-flow__edge")].flatMap((g) => {
      const [, from, to] = /^Edge from (\S+) to (\S+)$/.exec(g.getAttribute("aria-label") ?? "") ?? [];
      const path = g.querySelector<SVGPathElement>("path.react-flow__edge-path");
      const ctm = path?.getScreenCTM();
      const out = document.querySelector(`.react-flow__handle[data-nodeid="${from}"][data-handlepos="right"]`);
      const into = document.querySelector(`.react-flow__handle[data-nodeid="${to}"][data-handlepos="left"]`);
      if (!path || !ctm || !out || !into) return [];
      const start = new DOMPoint(path.getPointAtLength(0).x, path.getPointAtLength(0).y).matrixTransform(ctm);
      const endAt = path.getPointAtLength(path.getTotalLength());
      const end = new DOMPoint(endAt.x, endAt.y).matrixTransform(ctm);
      const a = out.getBoundingClientRect();
      const b = into.getBoundingClientRect();
      return [Math.hypot(start.x - a.right, start.y - (a.top + a.height / 2)), Math.hypot(end.x - b.left, end.y - (b.top + b.height / 2))];
    }),
  );
  expect(ends.length, "edge ends checked").toBeGreaterThan(2);
  for (const gap of ends) expect(gap).toBeLessThan(1.5);
  await nc.close();
});

test("a session too large to inline in the page is fetched by the browser and opens the same", async ({ page, stack }) => {
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  await s.sendFanOut("plan", "leaf", 4100);
  const fetched = page.waitForRequest((r) => r.url().includes(`/api/sessions/${s.id}/graph`));
  await page.goto(`/sessions/${s.id}`);
  await fetched;
  await expect(canvas(page)).toHaveText(/^2 nodes · 1 edges/);
  await expect(page.getByRole("group", { name: /^Group of 4100 tool_call nodes/ })).toContainText("4100 × tool_call");
  await nc.close();
});

test("the session list shows sessions live, and a node opens its details with the intent it ran", async ({ page, stack }) => {
  await page.goto("/sessions");
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  await s.send({ nodes: [s.node("Plan: e2e list", "ok", "planner"), s.node("read", "running", "tool_call", { intent_id: "01890000-0000-7000-8000-000000000001" })], edges: [s.edge("Plan: e2e list", "read")] });
  const link = page.getByRole("link", { name: `Session ${s.id}` });
  await expect(link).toHaveText("Plan: e2e list");
  await page.getByLabel("State").selectOption("running");
  await expect(page).toHaveURL(/state=running/);
  await expect(link).toBeVisible();
  await link.click();
  await node(page, "read").click();
  await expect(page).toHaveURL(/node=/);
  const panel = page.getByRole("complementary", { name: "Selected node" });
  await expect(panel.getByRole("heading", { name: "read" })).toBeVisible();
  await expect(panel).toContainText("01890000-0000-7000-8000-000000000001");
  await expect(panel.getByRole("region", { name: "Timeline of this node" })).toContainText("running");
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await nc.close();
});

test("playback walks through every change to the end, and the view exports as PNG, SVG and JSON", async ({ page, stack, request }) => {
  const nc = await connectAs(stack, "publisher");
  const s = new TestSession(nc);
  const first = await s.send({ nodes: [s.node("plan", "running", "planner")] });
  await s.send({ nodes: [s.node("plan", "ok", "planner"), s.node("one", "running")], edges: [s.edge("plan", "one")] });
  await s.send({ nodes: [s.node("one", "ok"), s.node("two", "running")], edges: [s.edge("one", "two")] });
  await s.send({ nodes: [s.node("two", "error")] });
  await expect.poll(async () => (await (await request.get(`/api/sessions/${s.id}/timeline`)).json()).seqs?.length).toBe(4);

  await page.goto(`/sessions/${s.id}?seq=${first}`);
  await expect(canvas(page)).toHaveText(/^1 nodes · 0 edges/);
  await page.getByLabel("Playback speed").selectOption("50");
  await page.getByRole("button", { name: "Play back" }).click();
  await expect(page.getByRole("slider", { name: "Moment shown" })).toHaveAttribute("aria-valuetext", /^change 4 of 4/);
  await expect(canvas(page)).toHaveText(/^3 nodes · 2 edges/);
  await expect(node(page, "two")).toContainText("error");
  await expect(page.getByRole("button", { name: "Play back" })).toBeVisible();

  await settled(page);
  const json = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export as JSON" }).click();
  const file = await json;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^session-${s.id.slice(0, 8)}-seq\\d+\\.json$`));
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString("utf8");
  const body = z.object({ sessionId: z.string(), nodes: z.array(z.unknown()), edges: z.array(z.unknown()) }).parse(JSON.parse(text));
  expect([body.sessionId, body.nodes.length, body.edges.length]).toEqual([s.id, 3, 2]);
  // The files' first bytes: a PNG signature, an SVG document (not a data: URL's text).
  for (const [kind, head] of [["PNG", "\x89PNG\r\n\x1a\n"], ["SVG", "<svg"]] as const) {
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: `Export as ${kind}` }).click();
    const image = await download;
    expect(image.suggestedFilename()).toMatch(new RegExp(`\\.${kind.toLowerCase()}$`));
    const bytes = Buffer.concat(await (await image.createReadStream()).toArray());
    expect(bytes.subarray(0, head.length).toString("latin1")).toBe(head);
  }
  await nc.close();
});
