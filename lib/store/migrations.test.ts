import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./db";
import { MIGRATIONS } from "./migrations";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(): string {
  dir = mkdtempSync(path.join(tmpdir(), "pilot-migrate-"));
  return path.join(dir, "index.sqlite");
}

describe("migrations", () => {
  it("creates the schema once, in WAL mode, and reopens it as is", () => {
    const f = file();
    const db = openDatabase(f);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    const again = openDatabase(f);
    const versions = again
      .prepare<{ version: number }>("SELECT version FROM schema_migrations")
      .all();
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    again.close();
  });

  it("refuses an index written by another build or a newer Pilot, saying to reindex", () => {
    const f = file();
    openDatabase(f).close();
    const raw = new Database(f);
    raw.prepare("UPDATE schema_migrations SET checksum = 'other' WHERE version = 1").run();
    raw.close();
    expect(() => openDatabase(f)).toThrow(/another build of schema version 1.*reindex/);
    const newer = new Database(f);
    newer.prepare("UPDATE schema_migrations SET version = 99").run();
    newer.close();
    expect(() => openDatabase(f)).toThrow(/schema version 99, unknown/);
  });
});
