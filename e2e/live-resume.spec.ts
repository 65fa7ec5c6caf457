import { connectAs } from "./support/nats-clients";
import { keys, makeIntent, publish } from "./support/intents";
import { startNats, stopNats } from "./support/nats-control";
import { readStackState } from "./support/stack-state";
import { expect, test } from "./support/test";

// Tall enough that the virtualized table renders all 50 rows at once.
test.use({ viewport: { width: 1400, height: 2600 } });

async function publishBatch(domain: string, n: number): Promise<string[]> {
  const nc = await connectAs(readStackState(), "publisher");
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const intent = makeIntent({ key: keys.trusted[i % 3] ?? null, domain });
    await publish(nc, `smith.intents.vetted.${intent.capability}`, intent.text);
    ids.push(intent.id);
  }
  await nc.close();
  return ids;
}

test("cut off while 50 intents are published, the view gets all 50 once, without reload", async ({ page, context }) => {
  const domain = `resume-${Date.now()}`;
  await page.goto(`/intents?domain=${domain}`);
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
  await expect(page.getByText("No intents match these filters yet.")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));

  await context.setOffline(true);
  await expect(page.getByRole("status", { name: /Live connection: (Reconnecting|Offline)/ })).toBeVisible();
  const ids = await publishBatch(domain, 50);
  await context.setOffline(false);

  await expect(page.getByText("50 intents", { exact: true })).toBeVisible({ timeout: 30_000 });
  for (const id of ids) await expect(page.getByRole("link", { name: `Intent ${id}` })).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
});

test("after nats-server restarts under an open view, new intents arrive once", async ({ page }) => {
  const domain = `restart-${Date.now()}`;
  await page.goto(`/intents?domain=${domain}`);
  const indicator = page.getByRole("status", { name: /^Live connection:/ });
  await expect(indicator).toHaveAccessibleName("Live connection: Connected");
  const before = await publishBatch(domain, 10);
  await expect(page.getByText("10 intents", { exact: true })).toBeVisible();

  const stopped = stopNats();
  await expect(indicator).toHaveAccessibleName("Live connection: Reconnecting");
  await stopped;
  await startNats();
  await expect(indicator).toHaveAccessibleName("Live connection: Connected", { timeout: 30_000 });

  const after = await publishBatch(domain, 50);
  await expect(page.getByText("60 intents", { exact: true })).toBeVisible({ timeout: 30_000 });
  for (const id of [...before, ...after]) await expect(page.getByRole("link", { name: `Intent ${id}` })).toHaveCount(1);
});
