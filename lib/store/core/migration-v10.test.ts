import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLossless } from "@/lib/protocol/json";
import { executorAuditRecordSchema } from "@/lib/protocol/smith-audit";
import { EXECUTOR_AUDIT_RECORD_RAW } from "@/lib/protocol/test-fixtures";
import { auditRecords } from "@/lib/testing/audit-fixture";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import type { IngestRecord, Store } from "../index";
import { decodeFrame, FRAME } from "../audit/payload-frames";
import { payloadColumns } from "../audit/payload-columns";

/*
 * Migration 10 converts an index written by version 9 (each audit message's bytes in
 * message_bytes, the shown columns as JSON in the event's row) in place. The version 9
 * file is made from a current one by writing the old layout back: the rows with every old
 * column, the messages into message_bytes; one event loses its message (as one indexed
 * before Pilot kept messages has none) and one comes from an executor log file. Opened
 * again, the index must answer every page, export row and evidence byte as before.
 */
let t: TempStore;
const records: IngestRecord[] = [];
let before: ReturnType<typeof answers>;
let bytesLost = { stream: "", seq: 0 };

/** Every audit answer a migration could change: pages, export rows, evidence bytes. */
function answers(store: Store) {
  const pages: unknown[] = [];
  let after: readonly [number, number] | undefined;
  for (;;) {
    const page = store.searchAudit({ limit: 200, after });
    pages.push(...page.items);
    if (!page.nextCursor) break;
    const last = page.items.at(-1);
    if (!last) break;
    after = [last.tsMs, last.id];
  }
  const exported: unknown[] = [];
  const ex = store.exportAudit({ limit: 50 });
  for (let rows = ex.next(); rows.length > 0; rows = ex.next()) exported.push(...rows);
  const evidence = new Map<string, string>();
  const keys = store.auditEvidenceKeys({ limit: 50, channel: "policy" });
  for (const chunk of store.evidenceRows(keys)) {
    for (const r of chunk) evidence.set(`${r.kind} ${r.stream} ${r.seq}`, Buffer.from(r.bytes).toString("base64"));
  }
  return { pages, exported, evidence, groups: store.auditGroups({ limit: 50 }) };
}

/** Writes the version 9 layout back: old audit_events columns and message_bytes. */
function toVersion9(file: string): void {
  const db = new Database(file);
  const rows = db
    .prepare<[number, string, string | null, string, number, number, number, string, number, string, string, string, string, string]>(
      `SELECT a.id, a.intent_id, a.security_type, a.timestamp_ns, a.ts_ms, a.combo, a.fts_version, a.stream, a.seq,
        c.channel, c.executor_id, c.status_norm, c.decision, c.sandbox_mode
      FROM audit_events a JOIN audit_combos c ON c.id = a.combo ORDER BY a.id`,
    )
    .raw()
    .all();
  const frames = new Map(db.prepare<[number, Buffer]>("SELECT frame, data FROM audit_payloads").raw().all());
  db.exec(`DROP TABLE audit_events; DROP TABLE audit_payloads;
    CREATE TABLE audit_events (id INTEGER PRIMARY KEY, intent_id TEXT NOT NULL, channel TEXT NOT NULL,
      security_type TEXT, executor_id TEXT NOT NULL, result_status TEXT NOT NULL, status_norm TEXT NOT NULL,
      decision TEXT NOT NULL, timestamp_ns TEXT NOT NULL, ts_ms INTEGER NOT NULL, sandbox_mode TEXT NOT NULL,
      cgroup_path TEXT, landlock INTEGER NOT NULL, seccomp INTEGER NOT NULL, resource_usage TEXT,
      security_context TEXT NOT NULL, combo INTEGER NOT NULL, fts_version INTEGER NOT NULL DEFAULT 0,
      stream TEXT NOT NULL, seq INTEGER NOT NULL, decisions TEXT NOT NULL DEFAULT '[]',
      UNIQUE (intent_id, channel, timestamp_ns, executor_id));
    CREATE INDEX audit_by_time ON audit_events (ts_ms, id, combo);
    CREATE TABLE message_bytes (stream TEXT NOT NULL, seq INTEGER NOT NULL, raw BLOB NOT NULL, UNIQUE (stream, seq));
    DELETE FROM schema_migrations WHERE version = 10;`);
  const insert = db.prepare(`INSERT INTO audit_events (id, intent_id, channel, security_type, executor_id,
    result_status, status_norm, decision, timestamp_ns, ts_ms, sandbox_mode, cgroup_path, landlock, seccomp,
    resource_usage, security_context, combo, fts_version, stream, seq, decisions)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const keep = db.prepare("INSERT INTO message_bytes (stream, seq, raw) VALUES (?, ?, ?)");
  for (const [id, intent, secType, ns, ms, combo, fts, stream, seq, channel, executor, status, decision, sandbox] of rows) {
    const entry = decodeFrame(frames.get(Math.floor(id / FRAME)) ?? Buffer.alloc(0)).find((e) => e.slot === id % FRAME);
    const c = payloadColumns(entry, channel);
    insert.run(id, intent, channel, secType, executor, c.result_status, status, decision, ns, ms, sandbox,
      c.cgroup_path, c.landlock, c.seccomp, c.resource_usage, c.security_context, combo, fts, stream, seq, c.decisions);
    if (entry?.original) keep.run(stream, seq, entry.bytes);
  }
  db.prepare("DELETE FROM message_bytes WHERE stream = ? AND seq = ?").run(bytesLost.stream, bytesLost.seq);
  db.close();
}

beforeAll(() => {
  t = tempStore();
  records.push(...demoRecords(3000).records);
  for (const batch of auditRecords(700, 5)) records.push(...batch.map((r) => ({ ...r, seq: r.seq + 1_000_000 })));
  applyInBatches(t.store, records, 97);
  const line = executorAuditRecordSchema.parse(parseLossless(EXECUTOR_AUDIT_RECORD_RAW));
  t.store.importAuditRecords([{ record: line, text: EXECUTOR_AUDIT_RECORD_RAW, file: "day.jsonl", line: 1 }], "exec-file");
  const lost = t.store.searchAudit({ limit: 1, channel: "execution" }).items[0];
  if (!lost) throw new Error("no execution event");
  bytesLost = { stream: lost.stream, seq: lost.seq };
  before = answers(t.store);
  t.store.close();
  toVersion9(t.file);
}, 240_000);
afterAll(() => t.cleanup());

describe("migration 10 (audit payloads kept once)", () => {
  it("opens a version 9 index and answers every page, export row and group as before", () => {
    const store = t.reopen();
    const now = answers(store);
    expect(before.pages.length).toBeGreaterThan(1500);
    expect(now.pages).toEqual(before.pages);
    expect(now.exported).toEqual(before.exported);
    expect(now.groups).toEqual(before.groups);
    expect(now.evidence.size).toBeGreaterThan(1000);
    expect(now.evidence).toEqual(before.evidence);
  }, 240_000);

  it("keeps every message's bytes exactly, and no bytes for the event that had none", () => {
    const store = t.reopen();
    const byKey = new Map(records.map((r) => [`${r.stream} ${r.seq}`, Buffer.from(r.payload).toString("base64")]));
    const policy = store.auditEvidenceKeys({ limit: 50, channel: "policy" });
    let compared = 0;
    for (const chunk of store.evidenceRows(policy)) {
      for (const r of chunk) {
        if (r.kind !== "audit") continue;
        expect(Buffer.from(r.bytes).toString("base64")).toBe(byKey.get(`${r.stream} ${r.seq}`));
        compared++;
      }
    }
    expect(compared).toBe(store.searchAudit({ limit: 1, channel: "policy" }).total);
    // The event whose message was not kept: its bundle is refused, naming it, not cut short.
    const execution = store.auditEvidenceKeys({ limit: 50, channel: "execution" });
    expect(() => [...store.evidenceRows(execution)]).toThrow(
      `the bytes of audit message ${bytesLost.stream} #${bytesLost.seq} are not in the index`,
    );
    const raw = new Database(t.file, { readonly: true });
    const tables = raw.prepare<string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain("message_bytes");
    expect(raw.prepare<string>("PRAGMA integrity_check").pluck().get()).toBe("ok");
    raw.close();
  }, 240_000);
});
