import { startNats, stopNats } from "./support/nats-control";
import { expect, test } from "./support/test";

test("the live indicator reaches connected", async ({ page }) => {
  await page.goto("/intents");
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
});

test("stopping nats-server turns the indicator to reconnecting, and back when it returns", async ({ page }) => {
  await page.goto("/health");
  const indicator = page.getByRole("status", { name: /^Live connection:/ });
  await expect(indicator).toHaveAccessibleName("Live connection: Connected");

  await stopNats();
  await expect(indicator).toHaveAccessibleName("Live connection: Reconnecting");
  await startNats();
  await expect(indicator).toHaveAccessibleName("Live connection: Connected", { timeout: 30_000 });
});
