import { describe, expect, it } from "vitest";
import { recentredStart, ROW_WINDOW, rowWindow } from "./use-row-window";

describe("rowWindow", () => {
  it("is the whole list when the list is short", () => {
    expect(rowWindow(150, 0)).toEqual({ first: 0, count: 150 });
    expect(rowWindow(150, 90)).toEqual({ first: 0, count: 150 });
  });

  it("is ROW_WINDOW rows of a long list, never past its end", () => {
    expect(rowWindow(100_000, 0)).toEqual({ first: 0, count: ROW_WINDOW });
    expect(rowWindow(100_000, 50_000)).toEqual({ first: 50_000, count: ROW_WINDOW });
    expect(rowWindow(100_000, 99_000)).toEqual({ first: 100_000 - ROW_WINDOW, count: ROW_WINDOW });
  });
});

describe("recentredStart", () => {
  const total = 100_000;
  it("leaves the window alone while the rows on screen are well inside it", () => {
    expect(recentredStart(0, 30, rowWindow(total, 0), total)).toBeNull();
    expect(recentredStart(51_000, 51_030, rowWindow(total, 50_000), total)).toBeNull();
  });

  it("centres it on the rows on screen near an end, or far outside it", () => {
    expect(recentredStart(1_900, 1_930, rowWindow(total, 0), total)).toBe(1_900 - ROW_WINDOW / 2);
    expect(recentredStart(50_100, 50_130, rowWindow(total, 50_000), total)).toBe(50_100 - ROW_WINDOW / 2);
    expect(recentredStart(80_000, 80_030, rowWindow(total, 0), total)).toBe(80_000 - ROW_WINDOW / 2);
    expect(recentredStart(100, 130, rowWindow(total, 50_000), total)).toBe(0);
  });

  it("keeps the window at the top of the list while the view is there", () => {
    expect(recentredStart(0, 30, rowWindow(total + 500, 0), total + 500)).toBeNull();
  });
});
