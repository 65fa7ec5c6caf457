import type { CDPSession, Page } from "@playwright/test";

interface LagWindow {
  /** Highest lag the indicator showed since the last read, in ms. */
  max: number | null;
  /** The indicator's latest value and when it was shown (page clock, ms). */
  last: number | null;
  lastAt: number | null;
}

/**
 * Watches the Intents view's lag indicator (`Live lag 12 ms`: stream time of the newest
 * applied message to the moment it was applied). The indicator only changes when a batch
 * is applied, so a page that stalls keeps showing a small figure: the read adds the time
 * since the indicator last changed, which is what the page is behind while messages flow.
 */
// A string, not a function: tsx's transform would wrap the inner closures in a `__name`
// helper that does not exist in the page.
const WATCH_LAG = `(() => {
  const s = (window.__soakLag = { max: null, last: null, lastAt: null });
  const read = (label) => {
    const m = /^Live lag ([\\d.]+) (ms|s)$/.exec(label || "");
    if (!m) return;
    const ms = Number(m[1]) * (m[2] === "s" ? 1000 : 1);
    s.max = Math.max(s.max ?? 0, ms);
    s.last = ms;
    s.lastAt = Date.now();
  };
  read(document.querySelector('[role="status"][aria-label^="Live lag "]')?.getAttribute("aria-label"));
  new MutationObserver((records) => {
    for (const r of records) if (r.target.getAttribute("role") === "status") read(r.target.getAttribute("aria-label"));
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-label"] });
})()`;

export async function watchLagIndicator(page: Page): Promise<void> {
  await page.getByRole("status", { name: /^Live lag / }).waitFor();
  await page.evaluate(WATCH_LAG);
}

/**
 * The page's worst lag behind the stream since the last read, in seconds (null: it never
 * showed one). `newestStoredMs` is when the streams the page follows last stored a message:
 * when that is newer than what the page shows, the page is behind by the time since the
 * newest message it shows was stored (an upper bound, tight while messages flow);
 * otherwise it has shown everything and only the indicator's figures count.
 */
export async function readPageLag(page: Page, newestStoredMs: number | null): Promise<number | null> {
  const s = await page.evaluate(() => {
    const w = window as unknown as { __soakLag: LagWindow };
    const out = { ...w.__soakLag, now: Date.now() };
    w.__soakLag.max = null;
    return out;
  });
  if (s.last === null || s.lastAt === null) return null;
  const shownStoredAt = s.lastAt - s.last;
  const behind = newestStoredMs !== null && newestStoredMs > shownStoredAt ? s.now - shownStoredAt : 0;
  return Math.max(s.max ?? 0, behind) / 1000;
}

/** The tab's JS heap after a full collection, in MB: what it retains, not what it has not swept yet. */
export async function heapUsedMb(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const used = metrics.find((m) => m.name === "JSHeapUsedSize")?.value;
  if (used === undefined) throw new Error("Performance.getMetrics has no JSHeapUsedSize");
  return used / 1024 / 1024;
}

export async function openCdp(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  return cdp;
}
