import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// `npm run test:faults`: each file starts its own processes on loopback, so one at a time.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("../../", import.meta.url)) } },
  test: {
    include: ["e2e/faults/**/*.test.ts"],
    root: fileURLToPath(new URL("../../", import.meta.url)),
    environment: "node",
    globalSetup: ["e2e/faults/global-setup.ts"],
    fileParallelism: false,
    // Sized for a loaded 2-core machine (support/budget.ts): each wait is for a condition.
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
    alias: { "server-only": fileURLToPath(new URL("../../lib/testing/server-only-stub.ts", import.meta.url)) },
  },
});
