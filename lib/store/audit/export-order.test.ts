import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillOutOfOrder } from "@/lib/testing/out-of-order-audit";
import { demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { toFtsQuery } from "@/lib/api/fts-match";
import { openDatabase, type Db } from "../core/db";
import { AUDIT_MATCH } from "../core/fts-docs";
import { createReadContext, type ReadContext } from "../core/read-context";
import { Where } from "../core/row-values";
import type { AuditFilter } from "./filter";
import { exportAudit, type AuditExport } from "./export";
import { searchAudit } from "./search";

const DAY = 86_400_000;
/** Rows per read, and full-text matches read before the first: small, so a walk is many reads. */
const CHUNK = 97;
const TEXT_BUDGET = 300;
const text = (q: string) => toFtsQuery(q) ?? "";
const one = (v: AuditFilter["executor"]) => (typeof v === "string" ? v : v?.[0]);

function drain(exp: AuditExport): number[] {
  const ids: number[] = [];
  for (let rows = exp.next(); rows.length > 0; rows = exp.next()) ids.push(...rows.map((r) => r[0]));
  return ids;
}

describe("an export reads as it goes, in the list's order, on an index written out of order", () => {
  let t: TempStore;
  let db: Db;
  let ctx: ReadContext;
  beforeAll(() => {
    t = tempStore();
    fillOutOfOrder(t.store);
    db = openDatabase(t.file);
    ctx = createReadContext(db);
  }, 300_000);
  afterAll(() => {
    db.close();
    t.cleanup();
  });

  const newest = () => db.prepare<number>("SELECT max(ts_ms) FROM audit_events").pluck().get() ?? 0;
  /** Every matching event id, newest first, by plain SQL over the table. */
  const reference = (f: AuditFilter): number[] => {
    const where = new Where()
      .opt("a.ts_ms >= ?", f.from)
      .opt("a.ts_ms < ?", f.to)
      .opt("c.executor_id = ?", one(f.executor))
      .opt("a.intent_id = ?", one(f.intentId))
      .opt(AUDIT_MATCH, f.match);
    return db
      .prepare<number>(
        `SELECT a.id FROM audit_events a JOIN audit_combos c ON c.id = a.combo ${where.sql}
        ORDER BY a.ts_ms DESC, a.id DESC`,
      )
      .pluck()
      .all(...where.params);
  };
  const echoed = () =>
    db.prepare<string>("SELECT intent_id FROM audit_events GROUP BY intent_id HAVING count(*) = 2 LIMIT 1").pluck().get() ?? "";

  const CASES: [string, () => AuditFilter, "counted" | "not counted"][] = [
    ["everything", () => ({ limit: 0 }), "counted"],
    ["one executor", () => ({ executor: "exec-ci-02", limit: 0 }), "counted"],
    ["an executor in a range", () => ({ executor: "exec-prod-04", from: newest() - 12 * DAY, to: newest() - 2 * DAY, limit: 0 }), "counted"],
    ["a common word (past the budget)", () => ({ match: text("kubeconfig"), limit: 0 }), "not counted"],
    ["a phrase and an executor (past the budget)", () => ({ match: text('"outside the allowlist"'), executor: "exec-ci-02", limit: 0 }), "not counted"],
    ["a phrase in a day (within a larger budget)", () => ({ match: text('"outside the allowlist"'), from: newest() - 3 * DAY, to: newest() - 2 * DAY, limit: 0 }), "counted"],
    ["a word in a range", () => ({ match: text("vault"), from: newest() - 12 * DAY, to: newest() - 2 * DAY, limit: 0 }), "not counted"],
    ["one intent", () => ({ intentId: echoed(), limit: 0 }), "counted"],
  ];

  it.each(CASES)("%s: the same events in the same order as SQL, counted when cheap", (name, filter, counted) => {
    const f = filter();
    const expected = reference(f);
    const exp = exportAudit(ctx, f, CHUNK, name.includes("larger budget") ? 100_000 : TEXT_BUDGET);
    expect(drain(exp)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1);
    expect(exp.rows).toBe(counted === "counted" ? expected.length : null);
  });

  it("answers a filter nothing matches at once, with a count of 0", () => {
    const exp = exportAudit(ctx, { executor: "nobody", limit: 0 }, CHUNK, TEXT_BUDGET);
    expect([exp.rows, drain(exp)]).toEqual([0, []]);
  });

  it("holds no event that arrives while it streams", () => {
    const f: AuditFilter = { limit: 0 };
    const before = reference(f);
    const exp = exportAudit(ctx, f, CHUNK, TEXT_BUDGET);
    const first = exp.next().map((r) => r[0]);
    const late = db.prepare<number>("SELECT max(seq) FROM audit_events").pluck().get() ?? 0;
    fillOutOfOrderLater(t, late);
    // Another answer on the same connection moves its columns on, as the next request would.
    expect(searchAudit(ctx, f).total).toBe(reference(f).length);
    expect(reference(f).length).toBeGreaterThan(before.length);
    expect([...first, ...drain(exp)]).toEqual(before);
    expect(exp.rows).toBe(before.length);
  });
});

/** The same traffic again at higher seqs: new events at higher ids, most with older times. */
function fillOutOfOrderLater(t: TempStore, afterSeq: number): void {
  fillOutOfOrder({
    applyBatch: (records) => t.store.applyBatch(records.map((r) => ({ ...r, seq: r.seq + afterSeq }))),
  });
}

describe("an export keeps each event's facts as they were when it began", () => {
  // Audit events first, then their intents: the newer half, and the older half mid-export
  // (its events are the last an export walks). Indexing an intent moves its events to
  // other (capability, domain, signer) facts, some to pairs made after the export began.
  // Four blocks of events or more, so that the older half lies in blocks a first read has not reached.
  const { records } = demoRecords(12_000);
  const isAudit = (s: string) => s.startsWith("smith.audit.");
  const audit = records.filter((r) => isAudit(r.subject));
  const intents = records.filter((r) => !isAudit(r.subject));
  let t: TempStore;
  let db: Db;
  let ctx: ReadContext;
  beforeAll(() => {
    t = tempStore();
    t.store.applyBatch(audit);
    t.store.applyBatch(intents.slice(intents.length / 2));
    db = openDatabase(t.file);
    ctx = createReadContext(db);
  }, 60_000);
  afterAll(() => {
    db.close();
    t.cleanup();
  });

  const reference = (capability?: string): number[] =>
    db
      .prepare<number>(
        `SELECT a.id FROM audit_events a ${capability === undefined ? "" : "JOIN intents i ON i.id = a.intent_id AND i.capability = ?"}
        ORDER BY a.ts_ms DESC, a.id DESC`,
      )
      .pluck()
      .all(...(capability === undefined ? [] : [capability]));

  it("neither drops an event nor takes one in when intents are indexed mid-way", () => {
    const capability =
      db.prepare<string>("SELECT i.capability FROM audit_events a JOIN intents i ON i.id = a.intent_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").pluck().get() ?? "";
    const all = exportAudit(ctx, { limit: 0 }, 50);
    const some = exportAudit(ctx, { capability, limit: 0 }, 50);
    const [allThen, someThen] = [reference(), reference(capability)];
    const firstAll = all.next().map((r) => r[0]);
    const firstSome = some.next().map((r) => r[0]);
    t.store.applyBatch(intents.slice(0, intents.length / 2));
    // Another answer on the same connection moves its columns on, as the next request would.
    expect(searchAudit(ctx, { capability, limit: 1 }).total).toBe(reference(capability).length);
    expect(reference(capability).length).toBeGreaterThan(someThen.length);
    expect([...firstAll, ...drain(all)]).toEqual(allThen);
    expect([...firstSome, ...drain(some)]).toEqual(someThen);
    expect([all.rows, some.rows]).toEqual([allThen.length, someThen.length]);
  });
});
