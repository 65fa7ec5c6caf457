import { describe, expect, it } from "vitest";
import { caughtUpFetchSize } from "./source-loop";

describe("caughtUpFetchSize", () => {
  it.each([
    [0, 1000, 1],
    [3, 1000, 1],
    [500, 1000, 50],
    [2_000, 1000, 200],
    [1_000_000, 1000, 1000],
  ])("at %d msg/s with batches of %d asks for %d (what arrives in a moment, never a whole second's wait at a trickle)", (rate, batch, want) => {
    expect(caughtUpFetchSize(rate, batch)).toBe(want);
  });
});
