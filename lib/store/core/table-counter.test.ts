import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TableCounter } from "./table-counter";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";

const { records } = demoRecords(1200);

describe("TableCounter (the Health page's row counts, off the server's thread)", () => {
  let t: TempStore;
  let counter: TableCounter;
  beforeAll(() => {
    t = tempStore();
    applyInBatches(t.store, records.slice(0, 600), 300);
    // A count is "quick" and its gap the 2 s minimum however busy the machine is (a loaded
    // CI machine took over 50 ms to count, which is then not waited for: tested below).
    counter = new TableCounter(t.file, { waitUnderMs: Number.POSITIVE_INFINITY, costFactor: 0 });
  });
  afterAll(() => {
    counter.close();
    t.cleanup();
  });

  it("counts what the store's own connection counts", async () => {
    const counted = await counter.read(1_000_000);
    expect(counted.tables).toEqual(t.store.tableCounts());
    expect(counted.tables.messages).toBe(600);
  });

  it("counts again once the last count is old enough, and a small index is waited for", async () => {
    applyInBatches(t.store, records.slice(600), 300);
    // Within the 2 s gap: the previous count.
    expect((await counter.read(1_001_000)).tables.messages).toBe(600);
    // After it: a fresh count, waited for because counting this index is quick.
    const fresh = await counter.read(1_002_500);
    expect(fresh.tables).toEqual(t.store.tableCounts());
    expect(fresh.tables.messages).toBe(1200);
  });

  it("answers the previous counts at once while a slow count runs", async () => {
    const slow = new TableCounter(t.file, { waitUnderMs: 0, costFactor: 0 });
    try {
      const first = await slow.read(2_000_000);
      applyInBatches(t.store, demoRecords(1300).records.slice(1200), 100);
      // Due again, but counting is "slow": the previous counts come back with their time.
      const again = await slow.read(2_002_500);
      expect(again).toBe(first);
      // Once that count has ended, the next read has it.
      await expect.poll(async () => (await slow.read(2_002_600)).tables.messages).toBe(1300);
    } finally {
      slow.close();
    }
  });

  it("says why when the index cannot be read", async () => {
    const missing = new TableCounter(`${t.file}.absent`);
    try {
      await expect(missing.read()).rejects.toThrow(/unable to open|no such file|cannot open/i);
    } finally {
      missing.close();
    }
  });
});
