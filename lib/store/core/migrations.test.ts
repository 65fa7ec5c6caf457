import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { openDatabase } from "./db";
import { MIGRATIONS } from "./migrations";
import { createReadContext } from "./read-context";
import { payloadColumns } from "../audit/payload-columns";
import { readPayloads } from "../audit/payload-store";

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
    newer.prepare("UPDATE schema_migrations SET version = version + 98").run();
    newer.close();
    expect(() => openDatabase(f)).toThrow(/schema version 99, unknown/);
  });

  it("moves a version 1 index's policy decisions into their events, in order", () => {
    const f = file();
    const v1 = MIGRATIONS.find((m) => m.version === 1);
    if (!v1) throw new Error("no version 1");
    const raw = new Database(f);
    raw.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
      checksum TEXT NOT NULL, applied_ms INTEGER NOT NULL)`);
    raw.exec(v1.sql);
    const sum = createHash("sha256").update(v1.sql).digest("hex").slice(0, 16);
    raw.prepare("INSERT INTO schema_migrations VALUES (1, ?, ?, 0)").run(v1.name, sum);
    const event = raw.prepare(`INSERT INTO audit_events (intent_id, channel, executor_id,
      result_status, status_norm, decision, timestamp_ns, ts_ms, sandbox_mode, landlock, seccomp,
      security_context, combo, stream, seq) VALUES (?, 'policy', 'x', 'ok', 'ok', 'deny', '1', 1,
      'full', 1, 1, '{}', 1, 'S', ?)`);
    event.run("with", 1);
    event.run("without", 2);
    const decision = raw.prepare(`INSERT INTO policy_decisions
      (audit_id, position, intent_id, rule_name, decision, reason) VALUES (1, ?, 'with', ?, ?, ?)`);
    decision.run(1, "second", "deny", 'a "quoted" reason');
    decision.run(0, "first", "allow", "ok");
    raw.close();

    const db = openDatabase(f);
    // Since version 10 an event's decisions are read from its payload: here its columns
    // written out (the events had no message kept), as it had them.
    const ids = db.prepare<number>("SELECT id FROM audit_events ORDER BY id").pluck().all();
    const stored = readPayloads(createReadContext(db), ids);
    const rows = ids.map((id) => payloadColumns(stored.get(id), "policy"));
    expect(rows.map((r) => JSON.parse(r.decisions) as unknown)).toEqual([
      [
        { rule_name: "first", decision: "allow", reason: "ok" },
        { rule_name: "second", decision: "deny", reason: 'a "quoted" reason' },
      ],
      [],
    ]);
    const tables = db
      .prepare<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
      .all()
      .map((t) => t.name);
    expect(tables).not.toContain("policy_decisions");
    expect(tables).not.toContain("audit_counts_hour");
    db.close();
  });
});
