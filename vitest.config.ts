import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { assertSupportedNode } from "./lib/testing/node-version.ts";

assertSupportedNode();

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    // CI machines are shared and noisy: a test that takes 1.5 s alone can take 10 s there.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `server-only` throws outside a React Server bundle; tests run server modules directly.
    alias: { "server-only": fileURLToPath(new URL("./lib/testing/server-only-stub.ts", import.meta.url)) },
  },
});
