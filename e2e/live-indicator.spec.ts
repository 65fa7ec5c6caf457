import { spawn } from "node:child_process";
import { waitHealthy } from "../scripts/nats/stack";
import { readStackState, writeStackState } from "./support/stack-state";
import { expect, test } from "./support/test";

function waitForExit(pid: number): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });
}

test("the live indicator reaches connected", async ({ page }) => {
  await page.goto("/intents");
  await expect(page.getByRole("status", { name: "Live connection: Connected" })).toBeVisible();
});

test("stopping nats-server turns the indicator to reconnecting, and back when it returns", async ({ page }) => {
  await page.goto("/health");
  const indicator = page.getByRole("status", { name: /^Live connection:/ });
  await expect(indicator).toHaveAccessibleName("Live connection: Connected");

  const stack = readStackState();
  process.kill(stack.natsPid, "SIGTERM");
  await waitForExit(stack.natsPid);
  await expect(indicator).toHaveAccessibleName("Live connection: Reconnecting");

  const child = spawn(stack.natsLaunch.binary, stack.natsLaunch.args, {
    env: { ...process.env, ...stack.natsLaunch.env },
    stdio: "ignore",
    detached: true,
  });
  child.unref();
  writeStackState({ ...readStackState(), natsPid: child.pid ?? -1 });
  await waitHealthy(stack.natsHttpUrl);
  await expect(indicator).toHaveAccessibleName("Live connection: Connected", { timeout: 30_000 });
});
