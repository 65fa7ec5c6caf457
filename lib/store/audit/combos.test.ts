import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createComboWriter, type Combo } from "./combos";
import { openDatabase, type Db } from "../core/db";

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

describe("audit combos", () => {
  it("gives one id per distinct set of facts", () => {
    const d = open();
    const w = createComboWriter(d);
    d.transaction(() => {
      const a = w.idFor(combo("exec-a"));
      expect(w.idFor(combo("exec-a"))).toBe(a);
      const b = w.idFor(combo("exec-b"));
      expect(b).not.toBe(a);
    })();
    const rows = d.prepare<{ n: number }>("SELECT count(*) AS n FROM audit_combos").get();
    expect(rows?.n).toBe(2);
  });

  it("forgets the ids a record cached when its savepoint rolls back", () => {
    const d = open();
    const w = createComboWriter(d);
    const failing = d.transaction(() => {
      w.idFor(combo("exec-new"));
      throw new Error("the rest of the record's write failed");
    });
    d.transaction(() => {
      w.beginRecord();
      w.idFor(combo("exec-a"));
      w.beginRecord();
      expect(() => failing()).toThrow(/failed/);
      w.undoRecord();
      // The rolled-back combo row is gone; asking again inserts it for real.
      const again = w.idFor(combo("exec-new"));
      const row = d.prepare<{ executor_id: string }>(
        "SELECT executor_id FROM audit_combos WHERE id = ?",
      );
      expect(row.get(again)?.executor_id).toBe("exec-new");
    })();
  });
});
