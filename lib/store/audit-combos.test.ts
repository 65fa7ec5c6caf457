import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createComboWriter, HOUR_MS, type Combo } from "./audit-combos";
import { openDatabase, type Db } from "./db";

const combo = (executor: string): Combo => ({
  channel: "policy",
  executor,
  status: "ok",
  decision: "allow",
  sandbox: "full",
  rules: ["rate-limit", "signature-verify"],
});

let dir = "";
let db: Db | undefined;
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): Db {
  dir = mkdtempSync(path.join(tmpdir(), "pilot-combos-"));
  db = openDatabase(path.join(dir, "i.sqlite"));
  return db;
}

const counts = (d: Db) =>
  d
    .prepare<{ bucket: number; combo: number; n: number }>(
      "SELECT bucket, combo, n FROM audit_counts_hour ORDER BY bucket, combo",
    )
    .all();

describe("audit combos and their counts", () => {
  it("gives one id per distinct set of facts and counts per hour and minute", () => {
    const d = open();
    const w = createComboWriter(d);
    d.transaction(() => {
      const a = w.idFor(combo("exec-a"));
      expect(w.idFor(combo("exec-a"))).toBe(a);
      const b = w.idFor(combo("exec-b"));
      expect(b).not.toBe(a);
      w.count(5 * HOUR_MS + 1, a);
      w.count(5 * HOUR_MS + 2, a);
      w.count(6 * HOUR_MS, b);
      w.flush();
    })();
    expect(counts(d)).toEqual([
      { bucket: 5, combo: 1, n: 2 },
      { bucket: 6, combo: 2, n: 1 },
    ]);
    const minutes = d.prepare<{ n: number }>("SELECT sum(n) AS n FROM audit_counts_minute").get();
    expect(minutes?.n).toBe(3);
  });

  it("takes back a record's tallies and cached ids when its savepoint rolls back", () => {
    const d = open();
    const w = createComboWriter(d);
    const failing = d.transaction(() => {
      w.count(HOUR_MS, w.idFor(combo("exec-new")));
      throw new Error("the rest of the record's write failed");
    });
    d.transaction(() => {
      w.beginRecord();
      w.count(HOUR_MS, w.idFor(combo("exec-a")));
      w.beginRecord();
      expect(() => failing()).toThrow(/failed/);
      w.undoRecord();
      // The rolled-back combo row is gone; asking again inserts it for real.
      const again = w.idFor(combo("exec-new"));
      const row = d.prepare<{ executor_id: string }>(
        "SELECT executor_id FROM audit_combos WHERE id = ?",
      );
      expect(row.get(again)?.executor_id).toBe("exec-new");
      w.flush();
    })();
    expect(counts(d)).toEqual([{ bucket: 1, combo: 1, n: 1 }]);
  });
});
