import { test as base } from "@playwright/test";
import { readStackState, type StackState } from "./stack-state";

export type TestRole = "admin" | "auditor" | "viewer" | "none";

/**
 * Playwright's `test` with the running stack, its app as `baseURL`, and a signed-in
 * browser: admin unless a spec says `test.use({ role: "viewer" })` (or "none").
 */
export const test = base.extend<{ stack: StackState; role: TestRole }>({
  role: ["admin", { option: true }],
  stack: async ({}, use) => {
    await use(readStackState());
  },
  baseURL: async ({}, use) => {
    await use(readStackState().baseUrl);
  },
  storageState: async ({ role }, use) => {
    await use(role === "none" ? { cookies: [], origins: [] } : readStackState().accounts[role].storageState);
  },
});

export { expect } from "@playwright/test";
