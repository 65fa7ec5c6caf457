import { afterEach, describe, expect, it } from "vitest";
import { INTENT_ID, INTENT_RAW } from "@/lib/protocol/test-fixtures";
import { StreamSequencer, tempStore, type TempStore } from "./test-helpers";

// Shapes that real producers emit on subjects of their own making (PROTOCOL.md, issue 16
// item 7): each is indexed as what it carries, never quarantined.

let open: TempStore[] = [];
afterEach(() => {
  for (const t of open) t.cleanup();
  open = [];
});
function fresh(): TempStore {
  const t = tempStore();
  open.push(t);
  return t;
}

describe("intents on Smith's own subjects", () => {
  it("files an intent on smith.intents.<cap>.<domain> under the payload's capability", () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const r = t.store.applyBatch([seq.raw("smith.intents.fs.read.v1.production", INTENT_RAW, "INTENTS")]);
    expect(r.quarantined).toBe(0);
    const page = t.store.listIntents({ capability: "fs.read.v1", limit: 10 });
    expect(page.items.map((i) => [i.id, i.capability, i.domain])).toEqual([[INTENT_ID, "fs.read.v1", "production"]]);
    expect(t.store.listIntents({ capability: "fs.read.v1.production", limit: 10 }).items).toEqual([]);
  });

  it("indexes an intent on the bare smith.intents.quarantine subject as quarantined", () => {
    const t = fresh();
    const seq = new StreamSequencer();
    const r = t.store.applyBatch([seq.raw("smith.intents.quarantine", INTENT_RAW, "INTENTS")]);
    expect(r.quarantined).toBe(0);
    expect(t.store.listQuarantine({ limit: 10 }).items).toEqual([]);
    expect(t.store.listIntents({ limit: 10 }).items.map((i) => [i.id, i.stage])).toEqual([[INTENT_ID, "quarantine"]]);
  });
});
