import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fillOutOfOrder } from "@/lib/testing/out-of-order-audit";
import { tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { toFtsQuery } from "@/lib/api/fts-match";
import type { AuditGroups, AuditList } from "@/lib/contract/audit";
import { cursorParam, timeRowKey } from "@/lib/api/page-cursor";
import { openDatabase, type Db } from "../core/db";
import { AUDIT_MATCH } from "../core/fts-docs";
import { createReadContext, type ReadContext } from "../core/read-context";
import { Where } from "../core/row-values";
import type { AuditFilter } from "./filter";
import { auditGroups } from "./groups";
import { auditHistogram } from "./histogram";
import { searchAudit } from "./search";

// The out-of-order fixture (lib/testing/out-of-order-audit.ts): a newest-first walk down
// the ids meets old events at high ids and new ones at low ids.
let t: TempStore;
let db: Db;
let ctx: ReadContext;
const DAY = 86_400_000;
const SMALL = 60;

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

const newest = () => db.prepare<{ t: number }>("SELECT max(ts_ms) AS t FROM audit_events").get()?.t ?? 0;
const one = (v: AuditFilter["executor"]) => (typeof v === "string" ? v : v?.[0]);

/** Every matching event, newest first, by plain SQL over the table. */
function reference(f: AuditFilter): { id: number; intent_id: string }[] {
  const where = new Where()
    .opt("a.ts_ms >= ?", f.from)
    .opt("a.ts_ms < ?", f.to)
    .opt("c.executor_id = ?", one(f.executor))
    .opt("a.intent_id = ?", one(f.intentId))
    .opt(AUDIT_MATCH, f.match);
  return db
    .prepare<{ id: number; intent_id: string }>(
      `SELECT a.id, a.intent_id FROM audit_events a JOIN audit_combos c ON c.id = a.combo ${where.sql}
      ORDER BY a.ts_ms DESC, a.id DESC`,
    )
    .all(...where.params);
}

/** Every page of an answer, following its cursor. */
function allPages<A extends { nextCursor: string | null }>(f: AuditFilter, get: (f: AuditFilter) => A): A[] {
  const out: A[] = [];
  let after: AuditFilter["after"];
  for (;;) {
    const page = get({ ...f, after });
    out.push(page);
    if (page.nextCursor === null) return out;
    after = cursorParam(timeRowKey).parse(page.nextCursor);
  }
}

const text = (q: string) => toFtsQuery(q) ?? "";
const CASES: [string, () => AuditFilter][] = [
  ["one word", () => ({ match: text("kubeconfig"), limit: 50 })],
  ["a phrase and an executor", () => ({ match: text('"outside the allowlist"'), executor: "exec-ci-02", limit: 7 })],
  ["a word in a range", () => ({ match: text("vault"), from: newest() - 12 * DAY, to: newest() - 2 * DAY, limit: 40 })],
];

/** Every facet count of `low` is at most the exact one (a lower bound of it). */
function boundedBy(low: AuditList["facets"], exact: AuditList["facets"]): void {
  for (const [dim, facet] of Object.entries(low)) {
    const full = new Map(exact[dim as keyof AuditList["facets"]].map((v) => [v.value, v.count]));
    for (const v of facet) expect(v.count).toBeLessThanOrEqual(full.get(v.value) ?? 0);
  }
}

describe("full text stops early, newest first, and says when its counts are bounds", () => {
  it.each(CASES)("events: the same rows in the same order as SQL: %s", (_name, filter) => {
    const f = filter();
    const expected = reference(f);
    const exact = allPages(f, (g) => searchAudit(ctx, g, Infinity));
    const early = allPages(f, (g) => searchAudit(ctx, g, SMALL));
    expect(exact.flatMap((p) => p.items.map((e) => e.id))).toEqual(expected.map((r) => r.id));
    expect(early.flatMap((p) => p.items.map((e) => e.id))).toEqual(expected.map((r) => r.id));
    expect(exact.every((p) => p.total === expected.length && p.totalIsLowerBound === undefined)).toBe(true);
    for (const p of early) {
      if (p.totalIsLowerBound) {
        expect(p.total).toBeLessThanOrEqual(expected.length);
        boundedBy(p.facets, exact[0]?.facets ?? p.facets);
      } else {
        expect(p.total).toBe(expected.length);
        expect(p.facets).toEqual(exact[0]?.facets);
      }
    }
  });

  it.each(CASES)("groups: the same groups, order and counts as SQL: %s", (_name, filter) => {
    const f = filter();
    const byIntent = new Map<string, number>();
    for (const r of reference(f)) byIntent.set(r.intent_id, (byIntent.get(r.intent_id) ?? 0) + 1);
    const expected = [...byIntent].map(([intentId, events]) => ({ intentId, events }));
    const shape = (pages: AuditGroups[]) =>
      pages.flatMap((p) => p.items.map((g) => ({ intentId: g.intentId, events: g.events })));
    const exact = allPages(f, (g) => auditGroups(ctx, g, Infinity));
    const early = allPages(f, (g) => auditGroups(ctx, g, SMALL));
    expect(shape(exact)).toEqual(expected);
    expect(shape(early)).toEqual(expected);
    expect(early.flatMap((p) => p.items)).toEqual(exact.flatMap((p) => p.items));
    expect(exact[0]?.total).toBe(byIntent.size);
    for (const p of early) {
      if (p.totalIsLowerBound) expect(p.total).toBeLessThanOrEqual(byIntent.size);
      else expect(p.total).toBe(byIntent.size);
    }
  });

  it("stops early on a common word (the first page's counts are then bounds)", () => {
    const f: AuditFilter = { match: text("kubeconfig"), limit: 20 };
    const all = reference(f).length;
    const events = searchAudit(ctx, f, SMALL);
    const groups = auditGroups(ctx, f, SMALL);
    expect(all).toBeGreaterThan(10 * SMALL);
    expect(events.totalIsLowerBound).toBe(true);
    expect(events.total).toBeGreaterThanOrEqual(SMALL / 2);
    expect(events.total).toBeLessThan(all);
    expect(groups.totalIsLowerBound).toBe(true);
  });

  it("full text over a range or one intent: histograms and the list count the SQL matches", () => {
    const to = newest() - 3 * DAY;
    const inRange: AuditFilter = { match: text("vault"), from: to - 5 * DAY, to, limit: 1 };
    expect(auditHistogram(ctx, inRange, 30).total).toBe(reference(inRange).length);
    // An echoed intent has two events; its text is read among its own events only.
    const [echoed] = db
      .prepare<string>("SELECT intent_id FROM audit_events GROUP BY intent_id HAVING count(*) = 2 LIMIT 1")
      .pluck()
      .all();
    // A word of its decisions' reasons (kept in the events' payloads, schema-v10.ts).
    const reason = searchAudit(ctx, { intentId: echoed, limit: 10 }).items.flatMap((e) => e.decisions)[0]?.reason;
    const found = /\w+/.exec(reason ?? "")?.[0] ?? "none";
    const intent: AuditFilter = { match: text(found), intentId: echoed, limit: 1 };
    expect(reference(intent)).toHaveLength(2);
    expect(auditHistogram(ctx, intent, 30).total).toBe(2);
    const listed = searchAudit(ctx, { ...intent, limit: 10 });
    expect([listed.total, listed.items.map((e) => e.id)]).toEqual([2, reference(intent).map((r) => r.id)]);
    const other: AuditFilter = { ...intent, match: text(found === "vault" ? "helm" : "vault") };
    expect(auditHistogram(ctx, other, 30).total).toBe(0);
    expect(searchAudit(ctx, other).total).toBe(0);
  });
});
