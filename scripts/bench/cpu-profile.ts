import type { CDPSession, Page } from "@playwright/test";
import { z } from "zod";

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number(), columnNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

/** Chromium's sampling CPU profiler on a page (all its threads' JS on the main isolate). */
export async function startCpuProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  return cdp;
}

/** Stops the profiler; returns self time per function, largest first, as printable lines. */
export async function stopCpuProfile(cdp: CDPSession, top = 30): Promise<string[]> {
  const { profile } = await cdp.send("Profiler.stop");
  const p = profileSchema.parse(profile);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  let sum = 0;
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    sum += us;
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop() ?? ""}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const idle = [...byFn].filter(([k]) => k.startsWith("(idle)")).reduce((a, [, v]) => a + v, 0);
  return [
    `profile: ${(sum / 1e6).toFixed(2)} s, busy ${((sum - idle) / 1e6).toFixed(2)} s`,
    ...[...byFn]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms  ${((us / sum) * 100).toFixed(1).padStart(5)}%  ${k}`),
  ];
}
