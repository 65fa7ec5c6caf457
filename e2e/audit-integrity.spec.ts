import { randomInt } from "node:crypto";
import { jetstream } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { INTEGRITY_LABELS } from "../components/audit/integrity/integrity-labels";
import { INTEGRITY_KINDS, integritySummarySchema } from "../lib/contract/integrity";
import { integrityFixtures } from "../lib/testing/integrity-fixtures";
import { E2E_SEED } from "./support/intents";
import { connectAs } from "./support/nats-clients";
import { expect, test } from "./support/test";

test.use({ role: "auditor" });

test("the integrity view counts hand-made fixtures, and each number leads to its intents", async ({ page, stack, request }) => {
  // A window of its own, far in the past: the counts are this spec's fixtures alone,
  // whatever else the shared stack holds, and a retry gets a fresh window.
  const baseMs = Date.UTC(2021, 0, 1) + randomInt(0, 500_000) * 60_000;
  const fx = integrityFixtures({ baseMs, domain: "e2e-integrity", seed: E2E_SEED });
  const nc = await connectAs(stack, "publisher");
  const js = jetstream(nc);
  for (const m of fx.messages) {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(m.headers ?? {})) h.set(k, v);
    await js.publish(m.subject, m.payload, { headers: m.headers ? h : undefined });
  }
  await nc.close();

  const from = new Date(fx.fromMs).toISOString();
  const to = new Date(fx.toMs).toISOString();
  const range = new URLSearchParams({ from, to });
  // Intents, results and audit events come through three streams: wait until all are indexed.
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/audit/integrity?${range}`);
        return res.ok() ? integritySummarySchema.parse(await res.json()).counts : res.status();
      },
      { timeout: 30_000 },
    )
    .toEqual(fx.expected.counts);

  await page.goto(`/audit/integrity?${range}`);
  await expect(page.getByText(`${fx.expected.intents} intents created in the range`)).toBeVisible();
  for (const kind of INTEGRITY_KINDS) {
    await expect(page.getByRole("link", { name: `${INTEGRITY_LABELS[kind].label}: ${fx.expected.counts[kind]}`, exact: true })).toBeVisible();
  }

  // A result check opens its list on this page: the one mismatching intent, with both digests.
  await page.getByRole("link", { name: `${INTEGRITY_LABELS["digest-mismatch"].label}: 1` }).click();
  await expect(page).toHaveURL(/show=digest-mismatch/);
  const list = page.getByRole("region", { name: `${INTEGRITY_LABELS["digest-mismatch"].label} intents` });
  await expect(list.getByRole("link", { name: `Intent ${fx.ids.mismatch}` })).toBeVisible();
  await expect(list.getByRole("link", { name: /^Intent / })).toHaveCount(1);
  await expect(list.getByText("≠ runner sha256:6030")).toBeVisible();

  // After a reload the URL gives the same list.
  await page.reload();
  await expect(list.getByRole("link", { name: `Intent ${fx.ids.mismatch}` })).toBeVisible();

  await page.goto(`/audit/integrity?${range}&show=ttl-expired`);
  const late = page.getByRole("region", { name: `${INTEGRITY_LABELS["ttl-expired"].label} intents` });
  await expect(late.getByRole("link", { name: `Intent ${fx.ids.expired}` })).toBeVisible();
  await expect(late.getByRole("link", { name: /^Intent / })).toHaveCount(1);

  // A signature count leads to the Intents list, filtered by verdict over the same range.
  await page.goto(`/audit/integrity?${range}`);
  await page.getByRole("link", { name: `${INTEGRITY_LABELS.invalid.label}: 1` }).click();
  await expect(page).toHaveURL(/\/intents\?.*signature=invalid/);
  await expect(page.getByRole("link", { name: `Intent ${fx.ids.tampered}` })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Intent / })).toHaveCount(1);
});

test("a range with no intent says so, and a bad range is a message, not an error page", async ({ page, request }) => {
  await page.goto(`/audit/integrity?from=${new Date(Date.UTC(1999, 0, 1)).toISOString()}&to=${new Date(Date.UTC(1999, 0, 2)).toISOString()}`);
  await expect(page.getByRole("status").filter({ hasText: "No intent was created in this range" })).toBeVisible();
  expect((await request.get("/api/audit/integrity?from=yesterday")).status()).toBe(400);
  await page.goto("/audit/integrity?from=not-a-date");
  await expect(page.getByRole("alert").filter({ hasText: "Could not count" })).toContainText("from:");
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });
  test("the integrity counts are refused", async ({ page, request }) => {
    expect((await request.get("/api/audit/integrity")).status()).toBe(403);
    expect((await request.get("/api/audit/integrity/rows?kind=invalid")).status()).toBe(403);
    await page.goto("/audit/integrity");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  });
});
