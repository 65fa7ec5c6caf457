import { randomUUID } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { makeAuditEntry } from "./support/audit";
import { TestSession } from "./support/graphs";
import { keys, makeIntent, publish } from "./support/intents";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

/** The count a figure's link names ("Invalid signatures: 3"). */
async function countOf(link: Locator): Promise<number> {
  const name = (await link.getAttribute("aria-label")) ?? "";
  const m = /: (\d+)$/.exec(name);
  if (!m?.[1]) throw new Error(`no count in "${name}"`);
  return Number(m[1]);
}

function figure(page: Page, label: string): Locator {
  return page.getByRole("main").getByRole("link", { name: new RegExp(`^${label}: \\d+$`) });
}

test.describe("as an auditor", () => {
  test.use({ role: "auditor" });

  test("the Overview's counts change live and equal the filtered views they open", async ({ page, stack }) => {
    // Three publishes waited on live, then four page loads: more than one default budget on a busy machine.
    test.setTimeout(180_000);
    await page.goto("/?window=15m");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
    const invalid = figure(page, "Invalid signatures");
    const denied = figure(page, "Denied");
    const failed = figure(page, "Failed sessions");
    const [i0, d0, f0] = [await countOf(invalid), await countOf(denied), await countOf(failed)];

    // New messages while the page is open: two tampered intents, three denials and one
    // allow, one session whose tool call failed.
    const nc = await connectAs(stack, "publisher");
    for (let k = 0; k < 2; k++) {
      const intent = makeIntent({ key: keys.trusted[1], tamper: true, domain: "e2e-overview" });
      await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
    }
    for (const decision of ["deny", "deny", "allow", "deny"] as const) {
      const intentId = randomUUID();
      const entry = makeAuditEntry({ intentId, executor: "exec-overview", decisions: [{ rule: "overview-rule", decision }], status: decision === "deny" ? "denied" : "ok", sandbox: "full", tsMs: Date.now() });
      await publish(nc, `smith.audit.policy.${intentId}`, entry);
    }
    const session = new TestSession(nc);
    await session.send({ nodes: [session.node("plan", "ok", "planner"), session.node("broken step", "error")] });
    await nc.close();

    // Live: no reload, no navigation.
    await expect(page.getByRole("main").getByRole("link", { name: `Invalid signatures: ${i0 + 2}`, exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("main").getByRole("link", { name: `Denied: ${d0 + 3}`, exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("main").getByRole("link", { name: `Failed sessions: ${f0 + 1}`, exact: true })).toBeVisible({ timeout: 30_000 });

    // Click through: each view behind a figure counts the same rows.
    const invalidNow = await countOf(invalid);
    await invalid.click();
    await expect(page).toHaveURL(/\/audit\/integrity\?range=15m&show=invalid$/);
    await expect(page.getByRole("link", { name: `Invalid signature: ${invalidNow}`, exact: true })).toBeVisible();
    const rows = page.getByRole("region", { name: "Invalid signature intents" }).getByRole("link", { name: /^Intent / });
    await expect(rows).toHaveCount(invalidNow);

    await page.goto("/?window=15m");
    const deniedNow = await countOf(denied);
    await denied.click();
    await expect(page).toHaveURL(/\/audit\?q=decision(%3A|:)deny&range=15m$/);
    await expect(page.getByLabel(`${deniedNow} matching events`, { exact: true })).toBeVisible();

    await page.goto("/?window=15m");
    const failedNow = await countOf(failed);
    await failed.click();
    await expect(page).toHaveURL(/\/sessions\?state=failed$/);
    const sessions = page.getByRole("link", { name: /^Session / });
    await expect(sessions.first()).toBeVisible();
    // Past a page (a long run of other specs on the same stack), load them all first.
    const more = page.getByRole("button", { name: "Load more sessions" });
    while (await more.isVisible()) {
      const shown = await sessions.count();
      await more.click();
      await expect.poll(() => sessions.count()).toBeGreaterThan(shown);
    }
    await expect(sessions).toHaveCount(failedNow);
    await expect(page.getByRole("link", { name: `Session ${session.id}` })).toBeVisible();
  });

  test("the window is in the URL and survives a reload", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("combobox", { name: "Window" }).selectOption("1h");
    await expect(page).toHaveURL(/\?window=1h$/);
    await expect(figure(page, "Invalid signatures")).toHaveAttribute("href", "/audit/integrity?range=1h&show=invalid");
    await page.reload();
    await expect(page.getByRole("combobox", { name: "Window" })).toHaveValue("1h");
  });
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("audit-derived figures are withheld, on the page and in the API", async ({ page, request }) => {
    await page.goto("/");
    await expect(page.getByRole("note").filter({ hasText: "Some figures are for auditors" })).toBeVisible();
    await expect(figure(page, "Failed sessions")).toBeVisible();
    await expect(figure(page, "Invalid signatures")).toHaveCount(0);
    await expect(figure(page, "Denied")).toHaveCount(0);
    const body: unknown = await (await request.get("/api/overview")).json();
    expect(JSON.stringify(body)).not.toContain("integrity.");
    expect(JSON.stringify(body)).not.toContain("audit.deny");
  });
});
