import { chromium, type Browser, type LaunchOptions, type Page } from "@playwright/test";
import type { PilotApp } from "./pilot-app";
import { BUDGET } from "./budget";
import { chromiumLaunchOptions } from "../../../lib/testing/chromium";


/** Pass `handleSIGINT: false` when the caller stops on Ctrl-C itself: Playwright's own handler exits the process. */
export function launchBrowser(options: Pick<LaunchOptions, "handleSIGINT" | "handleSIGTERM"> = {}): Promise<Browser> {
  return chromium.launch({ ...chromiumLaunchOptions(), ...options });
}

/** A signed-in tab on `path`, once its live connection is up, marked so that a reload would show. */
export async function openLivePage(browser: Browser, app: PilotApp, path: string, before?: (page: Page) => Promise<void>): Promise<Page> {
  // Tall, so that every row of the small lists these tests check is rendered by the virtual table.
  const context = await browser.newContext({ viewport: { width: 1400, height: 2600 } });
  await app.signIn(context);
  const page = await context.newPage();
  // Every locator wait and navigation: the production app on a busy machine.
  page.setDefaultTimeout(BUDGET.pageMs);
  page.setDefaultNavigationTimeout(BUDGET.pageMs);
  await before?.(page);
  await page.goto(`${app.baseUrl}${path}`);
  await page.getByRole("status", { name: "Live connection: Connected" }).waitFor();
  await page.evaluate(() => ((window as unknown as { __noReload: number }).__noReload = 1));
  return page;
}

export function wasNotReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __noReload?: number }).__noReload === 1);
}

/** The intent ids the intents table shows (each row's link names its intent). */
export async function shownIntentIds(page: Page): Promise<(string | null)[]> {
  return page.locator('a[aria-label^="Intent "]').evaluateAll((links) => links.map((l) => l.getAttribute("aria-label")));
}
