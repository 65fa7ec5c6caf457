import { describe, expect, it } from "vitest";
import { formatDuration, renderProgress } from "./progress-bar";

describe("renderProgress", () => {
  it("shows done / total, percentage, rate and ETA", () => {
    expect(renderProgress(2500, 10_000, 1000, 10)).toBe("[###-------] 2,500 / 10,000  25.0%  2,500 msg/s  ETA 3s");
  });

  it("is complete, with no ETA left, when done reaches the total (or the total is 0)", () => {
    expect(renderProgress(10, 10, 2000, 4)).toBe("[####] 10 / 10  100.0%  5 msg/s  ETA 0s");
    expect(renderProgress(0, 0, 0, 4)).toBe("[####] 0 / 0  100.0%  0 msg/s  ETA 0s");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [59.4, "59s"],
    [61, "1m01s"],
    [3725, "1h02m"],
    [Number.POSITIVE_INFINITY, "?"],
  ])("%s s → %s", (s, text) => expect(formatDuration(s)).toBe(text));
});
