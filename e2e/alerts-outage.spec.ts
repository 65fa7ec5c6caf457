import { z } from "zod";
import { startNats, stopNats } from "./support/nats-control";
import { expect, test } from "./support/test";

// The alert engine as the Health page shows it, and the Rules page and API while the alert
// store (the stack's one nats-server) is stopped: the API answers 503 saying so, the page
// keeps what it showed marked as not current, and both recover when NATS is back.

test.describe.configure({ mode: "serial" });

const answer = z.object({ rules: z.array(z.object({ id: z.string(), muted: z.boolean() })) });

test("the Health page shows this replica's alert engine running, with the rules the Rules API lists", async ({ page }) => {
  const res = await page.request.get("/api/alerts");
  expect(res.status()).toBe(200);
  const rules = answer.parse(await res.json()).rules;
  await page.goto("/health");
  const engine = page.getByRole("definition").filter({ hasText: /^running on / });
  await expect(engine).toBeVisible();
  const section = page.getByRole("region", { name: "Alert engine" });
  await expect(section.getByText(new RegExp(`^${rules.length} \\(${rules.filter((r) => !r.muted).length} evaluated, ${rules.filter((r) => r.muted).length} muted`))).toBeVisible();
  // The engine ticks: a last tick with its duration is shown within a few refreshes.
  await expect(section.getByText(/took [0-9.]+ ms, \d+ firing\(s\)/)).toBeVisible({ timeout: 15_000 });
  await expect(section.getByText(/^pilot-alert-deliver: \d+ replica pull\(s\) waiting/)).toBeVisible();
});

test("with NATS stopped the Rules API answers 503 saying so, and the page marks its list as not current", async ({ page }) => {
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { name: "Rules", exact: true })).toBeVisible();
  await stopNats();
  try {
    await expect
      .poll(async () => {
        const r = await page.request.get("/api/alerts");
        return [r.status(), z.object({ error: z.string() }).safeParse(await r.json().catch(() => null)).data?.error ?? ""];
      }, { timeout: 20_000 })
      .toEqual([503, expect.stringMatching(/cannot reach its alert store \(NATS\)/)]);
    // The page refreshes every 3 s: its next refresh fails and it says what it shows is as loaded before.
    await expect(page.getByRole("note").filter({ hasText: /Not current: showing the rules and firings as loaded at/ })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("note")).toContainText("cannot reach its alert store (NATS)");
    await expect(page.getByRole("heading", { name: "Rules", exact: true })).toBeVisible();
  } finally {
    await startNats();
  }
  await expect(page.getByRole("note").filter({ hasText: /Not current/ })).toHaveCount(0, { timeout: 30_000 });
  expect((await page.request.get("/api/alerts")).status()).toBe(200);
});
