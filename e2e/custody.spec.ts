import type { Page } from "@playwright/test";
import { INTEGRITY_LABELS } from "../components/audit/integrity/integrity-labels";
import { intentListSchema } from "../lib/contract/intents";
import { connectAs } from "./support/nats-clients";
import { keys, makeIntent, makeResult, makeRunnerEndResult, publish } from "./support/intents";
import { expect, test } from "./support/test";

/*
 * The chain of custody on real data (issue 16, item 5): a second copy of an intent id with
 * other bytes, an intent that never gets a result, and a runner timeout that the executor
 * reports as error / EXECUTION_OTHER. The global setup sets the no-result grace to 2 s.
 */

const rowOf = (page: Page, id: string) =>
  page.getByRole("row").filter({ has: page.getByRole("link", { name: `Intent ${id}` }) });

const subjectOf = (capability: string) => `smith.intents.vetted.${capability}`;

test("a tampered copy first and the genuine one second: both kept, shown, counted and found", async ({ page, stack, request }) => {
  const domain = `custody-copies-${Date.now()}`;
  const tampered = makeIntent({ key: keys.trusted[0], tamper: true, domain });
  const genuine = makeIntent({ key: keys.trusted[0], domain, sameAs: tampered });
  expect(genuine.id).toBe(tampered.id);
  const nc = await connectAs(stack, "publisher");
  await publish(nc, subjectOf(tampered.capability), tampered.text);
  await publish(nc, subjectOf(genuine.capability), genuine.text);
  // The same genuine bytes again: a redelivery, not a third version.
  await publish(nc, subjectOf(genuine.capability), genuine.text);
  await nc.close();

  await expect
    .poll(async () => {
      const res = await request.get(`/api/intents?domain=${domain}&copies=conflicting`);
      return res.ok() ? intentListSchema.parse(await res.json()).items.map((i) => i.conflictingCopies) : res.status();
    })
    .toEqual([1]);

  await page.goto(`/intents/${tampered.id}`);
  const versions = page.getByRole("region", { name: "Versions of this intent id" });
  await expect(versions.getByRole("alert")).toContainText("arrived in 2 versions with different bytes");
  await expect(versions.getByRole("row")).toHaveCount(3);
  const first = versions.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "1 (shown in the list)" }) });
  await expect(first.getByTitle("invalid signature")).toBeVisible();
  const second = versions.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "2", exact: true }) });
  await expect(second.getByTitle("verified")).toBeVisible();
  await expect(second.getByText("params", { exact: true })).toBeVisible();

  // The Intents list shows the first copy, marked, and its Copies filter finds it.
  await page.goto(`/intents?domain=${domain}&copies=conflicting`);
  const row = rowOf(page, tampered.id);
  await expect(row.getByText("invalid signature")).toBeVisible();
  await expect(row.getByRole("img", { name: "2 conflicting versions" })).toBeVisible();

  // The integrity page counts it over a range around its creation, and lists it.
  const createdMs = Number(tampered.createdAtNs / 1_000_000n);
  const range = new URLSearchParams({ from: new Date(createdMs - 1000).toISOString(), to: new Date(createdMs + 1000).toISOString() });
  await page.goto(`/audit/integrity?${range}`);
  const label = INTEGRITY_LABELS["conflicting-copies"].label;
  await page.getByRole("link", { name: `${label}: 1`, exact: true }).click();
  const list = page.getByRole("region", { name: `${label} intents` });
  await expect(list.getByRole("link", { name: `Intent ${tampered.id}` })).toBeVisible();
});

test("an intent with no result reads 'no result' once its TTL and the grace have passed, live and on its page", async ({ page, stack }) => {
  const domain = `custody-noresult-${Date.now()}`;
  await page.goto(`/intents?domain=${domain}`);
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  const intent = makeIntent({ key: keys.trusted[0], domain, ttlMs: 4_000 });
  const nc = await connectAs(stack, "publisher");
  await publish(nc, subjectOf(intent.capability), intent.text);
  await nc.close();

  const row = rowOf(page, intent.id);
  await expect(row.getByText("pending")).toBeVisible();
  // TTL 4 s + grace 2 s, with nothing more arriving: the row turns by itself.
  await expect(row.getByTitle("no result: rejected at admission or lost")).toBeVisible({ timeout: 20_000 });

  await page.goto(`/intents?domain=${domain}&status=no-result`);
  await expect(rowOf(page, intent.id)).toBeVisible();

  await page.goto(`/intents/${intent.id}`);
  const execution = page.getByRole("region", { name: "Execution", exact: true });
  await expect(execution.getByText("No result: rejected at admission or lost")).toBeVisible();
  await expect(execution.getByText(/capability-digest header was missing/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Intent", exact: true }).getByText(/expired, no result/)).toBeVisible();
});

test("a runner timeout reported as error / EXECUTION_OTHER is found by the Timeout filter; a result without intent says why", async ({ page, stack, request }) => {
  const domain = `custody-timeout-${Date.now()}`;
  const intent = makeIntent({ key: keys.trusted[0], domain });
  const orphan = makeIntent({ key: keys.trusted[0], domain });
  const nc = await connectAs(stack, "publisher");
  await publish(nc, subjectOf(intent.capability), intent.text);
  await publish(nc, `smith.results.${intent.id}`, makeRunnerEndResult(intent.id, "Timeout"));
  // Its intent is never published: Pilot cannot have seen it.
  await publish(nc, `smith.results.${orphan.id}`, makeResult(orphan.id));
  await nc.close();

  await expect
    .poll(async () => {
      const res = await request.get(`/api/intents?domain=${domain}&status=timeout`);
      return res.ok() ? intentListSchema.parse(await res.json()).items.map((i) => i.id) : res.status();
    })
    .toEqual([intent.id]);

  await page.goto(`/intents?domain=${domain}`);
  await page.getByRole("combobox", { name: "Status" }).selectOption("timeout");
  await expect(page).toHaveURL(/status=timeout/);
  const row = rowOf(page, intent.id);
  await expect(row.getByTitle("timeout (reported as error / EXECUTION_OTHER)").first()).toBeVisible();

  await row.getByRole("link", { name: `Intent ${intent.id}` }).click();
  const execution = page.getByRole("region", { name: "Execution", exact: true });
  await expect(execution.getByText("(reported as error / EXECUTION_OTHER)")).toBeVisible();
  await expect(execution.getByText("Runner execution completed with status: Timeout")).toBeVisible();

  await expect
    .poll(async () => (await request.get(`/api/intents/${orphan.id}`)).status())
    .toBe(200);
  await page.goto(`/intents/${orphan.id}`);
  const section = page.getByRole("region", { name: "Intent", exact: true });
  await expect(section.getByText("Pilot never saw this intent")).toBeVisible();
  await expect(section.getByText(/consumed from a WorkQueue stream/)).toBeVisible();
});
