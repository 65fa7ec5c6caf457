import type { Page } from "@playwright/test";

/** Installed before any page script: every long task (≥ 50 ms) the main thread runs. */
export const LONG_TASK_PROBE = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, dur: e.duration });
  }).observe({ type: "longtask", buffered: true });
`;

interface ProbeWindow {
  __longTasks: { start: number; dur: number }[];
  __changedAt?: number;
}

/** Time from navigation start until the graph is laid out, placed and painted (ms). */
export async function paintedAt(page: Page, timeoutMs: number): Promise<number> {
  await page.waitForFunction(
    () => {
      const count = document.querySelector('[aria-label="Canvas contents"]')?.textContent ?? "";
      const busy = document.querySelector('[aria-label="Layout progress"]');
      return !busy && /^[1-9]/.test(count) && document.querySelectorAll(".react-flow__node").length > 0;
    },
    undefined,
    { timeout: timeoutMs, polling: "raf" },
  );
  // Two frames: the one that rendered the nodes has been painted once the second starts.
  return page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
}

export async function longestTask(page: Page, from = 0, to = Infinity): Promise<number> {
  return page.evaluate(
    ([a, b]) =>
      (window as unknown as ProbeWindow).__longTasks
        .filter((t) => t.start >= a && t.start <= b)
        .reduce((m, t) => Math.max(m, t.dur), 0),
    [from, to] as const,
  );
}

export async function clearLongTasks(page: Page): Promise<number> {
  return page.evaluate(() => {
    (window as unknown as ProbeWindow).__longTasks = [];
    return performance.now();
  });
}

/** Drags the canvas for about a second, as a person panning does. */
export async function pan(page: Page): Promise<void> {
  const box = await page.locator(".react-flow__pane").boundingBox();
  if (!box) throw new Error("no canvas to pan");
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) await page.mouse.move(x - i * 15, y - i * 6);
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
}

/** Watches one node's accessible name for `status`; resolves the epoch ms it changed. */
export async function watchNodeStatus(page: Page, nodeId: string, status: string): Promise<void> {
  await page.evaluate(
    ([id, s]) => {
      const w = window as unknown as ProbeWindow;
      delete w.__changedAt;
      const el = document.querySelector(`.react-flow__node[data-id="${id}"]`);
      if (!el) throw new Error(`node ${id} is not on screen`);
      const obs = new MutationObserver(() => {
        if ((el.getAttribute("aria-label") ?? "").endsWith(`, ${s}`)) {
          w.__changedAt = performance.timeOrigin + performance.now();
          obs.disconnect();
        }
      });
      obs.observe(el, { attributes: true, attributeFilter: ["aria-label"], subtree: true, childList: true });
    },
    [nodeId, status] as const,
  );
}

export async function statusChangedAt(page: Page, timeoutMs: number): Promise<number> {
  const h = await page.waitForFunction(() => (window as unknown as ProbeWindow).__changedAt, undefined, { timeout: timeoutMs, polling: "raf" });
  const v = await h.jsonValue();
  if (typeof v !== "number") throw new Error("no change seen");
  return v;
}
