import { describe, expect, it } from "vitest";
import { cursorParam, encodeCursor, timeIdKey } from "@/lib/store/page-cursor";
import { intentCursorAfter, listsBefore } from "./intent-cursor";

describe("intentCursorAfter", () => {
  it.each([
    [{ createdMs: 1735689600123, id: "01HZX3J0Q8Z3M5Y8B2J4K6N8P0" }],
    [{ createdMs: 0, id: "ü-non-ascii-✓" }],
    [{ createdMs: 1, id: "a" }],
  ])("makes the cursor the API makes for the same row, and the API reads it back (%o)", (row) => {
    const cursor = intentCursorAfter(row);
    expect(cursor).toBe(encodeCursor([row.createdMs, row.id]));
    expect(cursorParam(timeIdKey).parse(cursor)).toEqual([row.createdMs, row.id]);
  });
});

describe("listsBefore", () => {
  it("orders as the API does: newer first, then the greater id", () => {
    expect(listsBefore({ createdMs: 2, id: "a" }, { createdMs: 1, id: "z" })).toBe(true);
    expect(listsBefore({ createdMs: 1, id: "b" }, { createdMs: 1, id: "a" })).toBe(true);
    expect(listsBefore({ createdMs: 1, id: "a" }, { createdMs: 1, id: "a" })).toBe(false);
  });
});
