import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quarantineListSchema } from "@/lib/contract/quarantine";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { handleQuarantine } from "./quarantine";
import { allPages, ok, refused } from "./test-api";

const { messages, records } = demoRecords(4000);
const malformed = messages.filter((m) => m.malformed);

let t: TempStore;
beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, records);
}, 60_000);
afterAll(() => t.cleanup());

const page = (q: Record<string, string | number>) =>
  ok(quarantineListSchema, (url) => handleQuarantine(() => t.store, url), q);

describe("GET /api/quarantine", () => {
  it("lists every quarantined message newest first, with its reason, across pages", async () => {
    const items = await allPages((cursor) => page({ limit: 7, ...(cursor ? { cursor } : {}) }));
    expect(items).toHaveLength(malformed.length);
    expect(items.map((q) => q.id)).toEqual([...items.map((q) => q.id)].sort((a, b) => b - a));
    expect(items.map((q) => q.subject).sort()).toEqual(malformed.map((m) => m.subject).sort());
    for (const q of items) expect(q.reason).not.toBe("");
  });

  it("filters by stream and by kind", async () => {
    const all = t.store.listQuarantine({ limit: 1000 }).items;
    const stream = all[0]?.stream ?? "";
    const byStream = await page({ stream, limit: 500 });
    expect(byStream.items.length).toBe(all.filter((q) => q.stream === stream).length);
    const byKind = await page({ kind: "task-reply", limit: 500 });
    expect(byKind.items.length).toBe(all.filter((q) => q.kind === "task-reply").length);
    expect((await page({ kind: "none" })).items).toEqual([]);
  });

  it("filters by words of the reason, whatever their case", async () => {
    const all = t.store.listQuarantine({ limit: 1000 }).items;
    const word = "UTF-8";
    const expected = all.filter((q) => q.reason.toLowerCase().includes(word.toLowerCase()));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const got = await page({ reason: "utf-8", limit: 500 });
    expect(got.items.map((q) => q.id)).toEqual(expected.map((q) => q.id));
  });

  it("refuses an unknown kind", async () => {
    await refused((url) => handleQuarantine(() => t.store, url), "kind=pizza", "kind");
  });
});
