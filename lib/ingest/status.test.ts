import { describe, expect, it } from "vitest";
import { initialSourceStatus, overallState, RateMeter } from "./status";

describe("RateMeter", () => {
  it("averages over the window, and over at least a second", () => {
    const m = new RateMeter(5000);
    m.add(500, 10_000);
    expect(m.rate(10_000)).toBe(500);
    m.add(500, 12_000);
    expect(m.rate(12_000)).toBe(500);
    // The first sample falls out of the window.
    expect(m.rate(15_500)).toBe(500 / 3.5);
    expect(m.rate(30_000)).toBe(0);
  });
});

describe("overallState", () => {
  const s = (state: ReturnType<typeof initialSourceStatus>["state"]) => ({ ...initialSourceStatus("S", "d", 0), state });
  it("is running while every source runs or starts, error when one is refused, missing or failing", () => {
    expect(overallState([s("running"), s("starting")], false)).toBe("running");
    expect(overallState([s("running"), s("refused")], false)).toBe("error");
    expect(overallState([s("missing")], false)).toBe("error");
    expect(overallState([s("error")], true)).toBe("stopped");
  });
});
