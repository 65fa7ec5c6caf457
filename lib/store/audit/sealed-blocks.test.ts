import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { auditRecord, auditRecords } from "@/lib/testing/audit-fixture";
import { tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import type { Store } from "../store";
import type { IngestRecord } from "../core/types";
import type { AuditFilter } from "./filter";
import { SEAL } from "./sealed-blocks";

// A sealed block and a tail: ids past SEAL, indexed newest batch first so that ids run
// against time between batches. Some intents get a second event (an execution event's
// body again on the policy channel), in the sealed block and in the tail, so that an
// event's intent's first event is not always itself.
const EVENTS = SEAL + 4_000;
const ECHOES = 1_000;
const DAY = 86_400_000;
let t: TempStore;
let raw: Database.Database;

beforeAll(() => {
  t = tempStore();
  const batches = [...auditRecords(EVENTS)];
  const echo = (batch: IngestRecord[] | undefined, seq: number): IngestRecord[] =>
    (batch ?? [])
      .filter((r) => r.subject.startsWith("smith.audit.execution."))
      .slice(0, ECHOES)
      .map((r, k) => ({ ...r, seq: seq + k, subject: r.subject.replace(".execution.", ".policy.") }));
  batches.reverse().forEach((batch, k) => {
    t.store.applyBatch(batch);
    if (k === 5) t.store.applyBatch(echo(batches[0], 10_000_000));
  });
  t.store.applyBatch(echo(batches[10], 20_000_000));
  raw = new Database(t.file);
}, 300_000);
afterAll(() => {
  raw.close();
  t.cleanup();
});

const blocks = () => raw.prepare<[number, Buffer, Buffer, Buffer]>("SELECT block, ts, combo, first FROM audit_blocks ORDER BY block").raw().all();

/** What a restarted server answers: counts, facets, histogram and groups. */
function answers(s: Store) {
  const newest = raw.prepare<{ t: number }>("SELECT max(ts_ms) AS t FROM audit_events").get()?.t ?? 0;
  const filters: AuditFilter[] = [
    { limit: 20 },
    { limit: 20, executor: "exec-prod-04", status: "ok" },
    { limit: 20, from: newest - 3 * DAY },
    { limit: 20, decision: "deny", to: newest - 10 * DAY },
  ];
  return filters.map((f) => ({
    page: s.searchAudit(f),
    histogram: s.auditHistogram(f, 60),
    groups: s.auditGroups(f),
  }));
}

describe("sealed audit blocks", () => {
  it("are written by the write that completes them, each event's time and combo at its id", () => {
    const got = blocks();
    expect(got.map((b) => b[0])).toEqual([0]);
    const [, tsBytes, comboBytes, firstBytes] = got[0] ?? [0, Buffer.alloc(0), Buffer.alloc(0), Buffer.alloc(0)];
    const ts = new Float64Array(new Uint8Array(tsBytes).buffer);
    const combo = new Int32Array(new Uint8Array(comboBytes).buffer);
    const first = new Int32Array(new Uint8Array(firstBytes).buffer);
    const rows = raw
      .prepare<[number, number, number, number]>(
        `SELECT id, ts_ms, combo, (SELECT min(b.id) FROM audit_events b WHERE b.intent_id = a.intent_id)
        FROM audit_events a WHERE id < ?`,
      )
      .raw()
      .all(SEAL);
    expect(rows.length).toBe(SEAL - 1);
    expect(rows.filter(([id, , , f]) => f !== id).length).toBeGreaterThan(ECHOES / 2);
    for (const [id, tsMs, c, f] of rows) {
      expect(ts[id]).toBe(tsMs);
      expect(combo[id]).toBe(c);
      expect(first[id]).toBe(f);
    }
    expect(Number.isNaN(ts[0])).toBe(true);
    expect(combo[0]).toBe(0);
    expect(first[0]).toBe(0);
  });

  it("give a restarted reader the answers it would build from the events themselves", () => {
    const fromBlocks = answers(t.reopen());
    const sealed = blocks();
    raw.prepare("DELETE FROM audit_blocks").run();
    const fromRows = answers(t.reopen());
    expect(fromBlocks).toEqual(fromRows);
    expect(fromBlocks[0]?.page.total).toBe(EVENTS + 2 * ECHOES);
    expect(fromBlocks[0]?.groups.total).toBe(EVENTS);

    // The next write seals what is missing again, byte for byte.
    const s = t.reopen();
    const late = auditRecord(EVENTS + 1, "policy", "0190a000-0000-7000-8000-000000000001", {
      intent_id: "0190a000-0000-7000-8000-000000000001",
      result_status: "ok",
      timestamp_ns: 1_700_000_000_000_000_000n,
      executor_id: "exec-late",
      policy_decisions: [],
      security_context: { sandbox_mode: "full", landlock_enabled: true, seccomp_enabled: true },
    });
    expect(s.applyBatch([late]).applied).toBe(1);
    expect(blocks()).toEqual(sealed);
  }, 120_000);

  it("answer histograms and group pages as plain SQL over the events does, across blocks", () => {
    // The events with their combo's facts (the row keeps the combo id: schema-v10.ts).
    const EVENTS = `(SELECT e.*, c.channel, c.executor_id, c.status_norm, c.decision, c.sandbox_mode, c.rules FROM audit_events e JOIN audit_combos c ON c.id = e.combo)`;
    const s = t.reopen();
    const newest = raw.prepare<{ t: number }>("SELECT max(ts_ms) AS t FROM audit_events").get()?.t ?? 0;
    const cases: [AuditFilter, string, (string | number)[]][] = [
      [{ limit: 20 }, "1 = 1", []],
      [{ limit: 20, executor: "exec-prod-04", status: "ok" }, "executor_id = ? AND status_norm = ?", ["exec-prod-04", "ok"]],
      [{ limit: 20, from: newest - 3 * DAY }, "ts_ms >= ?", [newest - 3 * DAY]],
      [{ limit: 20, decision: "deny", to: newest - 10 * DAY }, "decision = ? AND ts_ms < ?", ["deny", newest - 10 * DAY]],
    ];
    for (const [f, where, params] of cases) {
      const h = s.auditHistogram(f, 60);
      const counts = new Array<number>(h.counts.length).fill(0);
      for (const [b, n] of raw
        .prepare<[number, number]>(`SELECT CAST((ts_ms - ?) / ? AS INTEGER) AS b, count(*) FROM ${EVENTS} WHERE ${where} GROUP BY b`)
        .raw()
        .all(h.fromMs, h.bucketMs, ...params))
        counts[b] = n;
      expect(h.counts).toEqual(counts);

      const groups = raw
        .prepare<[string, number, number, number, number]>(
          `SELECT intent_id, count(*), min(ts_ms), max(ts_ms) AS last, max(id) AS last_id FROM ${EVENTS}
          WHERE ${where} GROUP BY intent_id ORDER BY last DESC, last_id DESC`,
        )
        .raw()
        .all(...params);
      const page1 = s.auditGroups(f);
      expect(page1.total).toBe(groups.length);
      const shape = (g: (typeof groups)[number]) => ({ intentId: g[0], events: g[1], firstTsMs: g[2], lastTsMs: g[3] });
      const got = (p: typeof page1) => p.items.map((g) => ({ intentId: g.intentId, events: g.events, firstTsMs: g.firstTsMs, lastTsMs: g.lastTsMs }));
      expect(got(page1)).toEqual(groups.slice(0, 20).map(shape));
      const last = groups[19];
      if (!last) continue;
      const page2 = s.auditGroups({ ...f, after: [last[3], last[4]] });
      expect(got(page2)).toEqual(groups.slice(20, 40).map(shape));
    }
  }, 120_000);
});
