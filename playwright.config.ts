import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./lib/testing/chromium";
import { assertSupportedNode } from "./lib/testing/node-version";

assertSupportedNode();

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  // One app and one nats-server are shared, and one spec stops nats-server on purpose.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    launchOptions: chromiumLaunchOptions(),
    trace: "retain-on-failure",
  },
});
