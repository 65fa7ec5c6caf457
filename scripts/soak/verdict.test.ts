import { describe, expect, it } from "vitest";
import { judge, slopePerMinute, warmUpSeconds, type Sample } from "./verdict";

function run(minutes: number, sample: (t: number) => Partial<Sample>): Sample[] {
  const out: Sample[] = [];
  for (let t = 10; t <= minutes * 60; t += 10)
    out.push({ t, intentsHeapMb: 50, dagHeapMb: 30, serverRssMb: 400, ingestLagS: 0.05, ingestLagStream: null, pendingMsgs: 10, pageLagS: 0.2, rate: 5000, ...sample(t) });
  return out;
}

describe("soak verdict", () => {
  it("measures a slope in MB per minute", () => {
    expect(slopePerMinute([0, 60, 120], [10, 12, 14])).toBeCloseTo(2);
  });

  it("warms up for 20% of a long run and half of a one-minute run", () => {
    expect(warmUpSeconds(10)).toBe(120);
    expect(warmUpSeconds(1)).toBe(30);
  });

  it("passes flat memory with lags under a second", () => {
    const v = judge(run(10, (t) => ({ intentsHeapMb: 50 + Math.sin(t) * 3 })), 10);
    expect(v.reasons).toEqual([]);
    expect(v.pass).toBe(true);
  });

  it("fails a heap that keeps growing after warm-up, and names it", () => {
    const v = judge(run(10, (t) => ({ intentsHeapMb: 50 + t / 60 })), 10);
    expect(v.pass).toBe(false);
    expect(v.reasons.join()).toMatch(/\/intents JS heap grows 1\.00 MB\/min/);
  });

  it("ignores what happens during warm-up", () => {
    expect(judge(run(10, (t) => ({ serverRssMb: t <= 120 ? 100 + t * 3 : 460, ingestLagS: t <= 120 ? 5 : 0.1 })), 10).pass).toBe(true);
  });

  it("fails on a single lag sample of a second or more after warm-up, or a page with no lag shown", () => {
    expect(judge(run(10, (t) => ({ pageLagS: t === 300 ? 1.2 : 0.1 })), 10).reasons).toEqual(["/intents page lag reached 1.20 s"]);
    expect(judge(run(10, (t) => ({ ingestLagS: t === 500 ? Infinity : 0.1 })), 10).pass).toBe(false);
    expect(judge(run(10, () => ({ pageLagS: null })), 10).pass).toBe(false);
  });
});
