import type { Page } from "@playwright/test";

interface SeenWindow {
  __seen: Record<string, number>;
}
/**
 * Records, in the Intents page, when each intent's row first shows with its signature
 * verdict (a live row still "checking signature" does not count as seen).
 */
// A string, not a function: tsx's transform would wrap a function's inner closures in a
// `__name` helper that does not exist in the page.
const WATCH_ROWS = `(() => {
  window.__seen = {};
  const record = () => {
    for (const a of document.querySelectorAll('a[aria-label^="Intent "]')) {
      const id = a.getAttribute("aria-label").slice(7);
      if (window.__seen[id] !== undefined) continue;
      const row = a.closest('[role="row"]');
      if (!row || row.querySelector('[title="checking signature"]')) continue;
      window.__seen[id] = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;

export async function watchIntentRows(page: Page): Promise<void> {
  await page.evaluate(WATCH_ROWS);
}

/** When the page saw each of `ids` (epoch ms), or null for those it has not seen. */
export async function seenTimes(page: Page, ids: readonly string[]): Promise<(number | null)[]> {
  return page.evaluate((wanted) => {
    const seen = (window as unknown as SeenWindow).__seen;
    return wanted.map((id) => seen[id] ?? null);
  }, ids);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
