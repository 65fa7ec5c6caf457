import { describe, expect, it } from "vitest";
import { keepOrphans, withAdopted } from "./intent-orphans";

const arrived = (...ids: string[]) => ids.map((id) => ({ id }));

describe("orphans", () => {
  it("adopts a waiting entry for an intent that arrives, under the batch's own", () => {
    const waiting = new Map([["a", 1], ["b", 2]]);
    expect([...withAdopted(new Map([["b", 9]]), waiting, arrived("a", "b", "c"))]).toEqual([["b", 9], ["a", 1]]);
  });

  it("forgets the adopted, keeps the newest, and stays bounded", () => {
    const orphans = new Map([["a", 1], ["b", 2]]);
    keepOrphans(orphans, new Map([["c", 3], ["a", 4]]), arrived("b"));
    expect([...orphans]).toEqual([["c", 3], ["a", 4]]);
    keepOrphans(orphans, new Map(Array.from({ length: 6000 }, (_, i) => [`x${i}`, i] as const)), []);
    expect(orphans.size).toBe(5000);
    expect(orphans.has("x5999")).toBe(true);
    expect(orphans.has("c")).toBe(false);
  });
});
