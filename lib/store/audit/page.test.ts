import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRecords } from "@/lib/testing/audit-fixture";
import { openDatabase, type Db } from "../core/db";
import { AUDIT_MATCH } from "../core/fts-docs";
import { toFtsQuery } from "@/lib/api/fts-match";
import type { AuditFilter, FilterValue } from "./filter";
import { readCombos } from "./facets";
import { fromColumns } from "./page";
import { createReadContext, type ReadContext } from "../core/read-context";
import { Where } from "../core/row-values";
import { tempStore, type TempStore } from "@/lib/testing/store-fixtures";

// 12,000 audit events over 30 days, indexed newest batch first, so that event ids run
// against time between batches (block summaries must not assume they follow it).
let t: TempStore;
let db: Db;
let ctx: ReadContext;
const DAY = 86_400_000;
const now = Date.now();

beforeAll(() => {
  t = tempStore();
  for (const batch of [...auditRecords(12_000)].reverse()) t.store.applyBatch(batch);
  db = openDatabase(t.file);
  ctx = createReadContext(db);
}, 120_000);
afterAll(() => {
  db.close();
  t.cleanup();
});

/** The cases give one value per field. */
const one = (v: FilterValue | undefined) => (typeof v === "string" ? v : v?.[0]);

/** The events with their combo's facts (the row keeps the combo id: schema-v10.ts). */
const EVENTS = `(SELECT e.*, c.channel, c.executor_id, c.status_norm, c.decision, c.sandbox_mode, c.rules FROM audit_events e JOIN audit_combos c ON c.id = e.combo)`;

/** Every matching event id, newest first, by plain SQL over the table. */
function reference(f: AuditFilter): number[] {
  const where = new Where()
    .opt("a.ts_ms >= ?", f.from)
    .opt("a.ts_ms < ?", f.to)
    .opt("a.executor_id = ?", one(f.executor))
    .opt("a.status_norm = ?", one(f.status))
    .opt("a.decision = ?", one(f.decision))
    .opt("a.sandbox_mode = ?", one(f.sandbox))
    .opt("a.channel = ?", one(f.channel))
    .opt(
      "EXISTS (SELECT 1 FROM json_each(a.rules) WHERE value = ?)",
      one(f.rule),
    )
    .opt(AUDIT_MATCH, f.match);
  return db
    .prepare<{ id: number }>(
      `SELECT a.id FROM ${EVENTS} a ${where.sql} ORDER BY a.ts_ms DESC, a.id DESC`,
    )
    .all(...where.params)
    .map((r) => r.id);
}

/** Every page of the filter, by one strategy. */
function pages(f: AuditFilter, strategy: "walk" | "scan" | "auto"): number[] {
  const ids: number[] = [];
  let after: AuditFilter["after"];
  for (;;) {
    const { rows } = ctx.snapshot(() =>
      fromColumns(ctx, { ...f, after }, readCombos(ctx), strategy),
    );
    const shown = rows.slice(0, f.limit);
    ids.push(...shown.map((r) => r.id));
    const last = shown.at(-1);
    if (rows.length <= f.limit || !last) return ids;
    after = [last.ts_ms, last.id];
  }
}

const text = (q: string) => toFtsQuery(q) ?? "";
const CASES: [string, AuditFilter][] = [
  ["everything", { limit: 400 }],
  ["executor and status", { executor: "exec-prod-04", status: "ok", limit: 50 }],
  ["decision and sandbox", { decision: "deny", sandbox: "full", limit: 100 }],
  ["a rule in the last day", { rule: "egress-domains", from: now - DAY, limit: 50 }],
  [
    "a rare combination",
    { channel: "execution", status: "killed", sandbox: "unsafe", executor: "exec-ci-02", limit: 3 },
  ],
  ["a ragged range", { from: now - 9 * DAY + 12_345, to: now - 4 * DAY - 777, limit: 200 }],
  ["no match", { executor: "exec-none", limit: 10 }],
  ["one word", { match: text("kubeconfig"), limit: 200 }],
  [
    "two words and an executor",
    { match: text("outside allowlist"), executor: "exec-ci-02", limit: 20 },
  ],
  ["a word in a range", { match: text("vault"), from: now - 3 * DAY, to: now - DAY, limit: 30 }],
];

describe("audit pages from the in-memory columns", () => {
  it.each(CASES)("walk, scan and auto give the SQL answer: %s", (_name, f) => {
    const expected = reference(f);
    if (f.match === undefined) {
      expect(pages(f, "walk")).toEqual(expected);
      expect(pages(f, "scan")).toEqual(expected);
    }
    expect(pages(f, "auto")).toEqual(expected);
  });

  it("counts every matching event, and starts over after a reset", () => {
    const f: AuditFilter = { decision: "deny", limit: 1 };
    const count = () =>
      ctx.snapshot(() => {
        const { counts } = fromColumns(ctx, f, readCombos(ctx));
        return counts.reduce((a, b) => a + b, 0);
      });
    expect(count()).toBe(12_000);
    t.store.reset();
    expect(count()).toBe(0);
    const [first] = auditRecords(5000);
    t.store.applyBatch(first ?? []);
    expect(count()).toBe(5000);
    expect(pages({ limit: 1000 }, "scan")).toEqual(reference({ limit: 1000 }));
  });
});
