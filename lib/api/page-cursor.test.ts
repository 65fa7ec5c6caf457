import { describe, expect, it } from "vitest";
import { cursorParam, timeIdKey } from "./page-cursor";
import { encodeCursor } from "@/lib/contract/page-cursor";

describe("encodeCursor", () => {
  it.each([
    [{ createdMs: 1735689600123, id: "01HZX3J0Q8Z3M5Y8B2J4K6N8P0" }],
    [{ createdMs: 0, id: "ü-non-ascii-✓" }],
    [{ createdMs: 1, id: "a" }],
  ])("is base64url JSON of the key, and the API reads it back (%o)", (row) => {
    const cursor = encodeCursor([row.createdMs, row.id]);
    expect(cursor).toBe(Buffer.from(JSON.stringify([row.createdMs, row.id]), "utf8").toString("base64url"));
    expect(cursorParam(timeIdKey).parse(cursor)).toEqual([row.createdMs, row.id]);
  });
});
