import { test as base } from "@playwright/test";
import { readStackState, type StackState } from "./stack-state";

/** Playwright's `test` with the running stack and its app as `baseURL`. */
export const test = base.extend<{ stack: StackState }>({
  stack: async ({}, use) => {
    await use(readStackState());
  },
  baseURL: async ({}, use) => {
    await use(readStackState().baseUrl);
  },
});

export { expect } from "@playwright/test";
