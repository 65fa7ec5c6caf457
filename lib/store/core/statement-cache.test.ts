import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditParams } from "@/lib/api/audit";
import { toAuditFilter } from "@/lib/api/audit-params";
import { parseParams } from "@/lib/api/respond";
import { openDatabase, StatementCache, STATEMENT_CACHE_SIZE } from "./db";
import { exportAudit } from "../audit/export";
import { searchAudit } from "../audit/search";
import { createReadContext, type ReadContext } from "./read-context";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";

/*
 * Row 16 of issue 18: every query shape used to be its own SQL text, and `intent:` (or
 * capability/domain/signer) terms repeated in a query made a new shape per count, so an
 * auditor could fill the prepared-statement cache without bound.
 */

let t: TempStore;
let ctx: ReadContext;
beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, demoRecords(2000).records);
  ctx = createReadContext(openDatabase(t.file));
}, 60_000);
afterAll(() => t?.cleanup());

function search(q: string) {
  const p = parseParams(auditParams, { q, limit: "5" });
  if (!p.ok) throw new Error(`refused: ${q}`);
  const f = toAuditFilter(p.value, p.value.limit);
  const page = searchAudit(ctx, f);
  const exp = exportAudit(ctx, { ...f, limit: 0 });
  exp.next();
  return page;
}

describe("prepared statements", () => {
  it("10,000 distinct intent: terms, in queries of every length and mix, prepare no new SQL text", () => {
    // Each kind of query once: one intent or several, no other field, one value each, or several.
    for (const intents of ["intent:w", "intent:w intent:w2"]) {
      for (const others of [
        "",
        "capability:a domain:a signer:a",
        "capability:a capability:b domain:a domain:b signer:a signer:b",
      ]) {
        search(`${intents} ${others}`);
      }
    }
    const warm = ctx.statementCount();
    let used = 0;
    for (let shape = 0; used < 10_000; shape++) {
      const n = 1 + (shape % 40);
      const others = Math.floor(shape / 40) % 4;
      const terms = Array.from({ length: n }, () => `intent:i${(used++).toString(36)}`);
      for (let k = 0; k < others; k++)
        terms.push(`capability:c${k}`, `domain:d${k}`, `signer:s${k}`);
      const page = search(terms.join(" "));
      // Several different intents at once: no event belongs to all of them.
      if (n > 1) expect(page.total).toBe(0);
    }
    expect(ctx.statementCount()).toBe(warm);
    expect(ctx.statementCount()).toBeLessThanOrEqual(STATEMENT_CACHE_SIZE);
  });

  it("a repeated intent: term still finds that intent's events", () => {
    const one = searchAudit(ctx, { limit: 1 }).items[0];
    if (!one) throw new Error("no audit event in the demo");
    const twice = search(`intent:${one.intentId} intent:${one.intentId}`);
    expect(twice.total).toBeGreaterThan(0);
    expect(twice.items.every((i) => i.intentId === one.intentId)).toBe(true);
  });

  it("the cache keeps at most its bound of statements, the most recently used", () => {
    const db = openDatabase(":memory:");
    const cache = new StatementCache(db, 8);
    for (let i = 0; i < 10_000; i++) cache.get(`SELECT ${i}`);
    expect(cache.size).toBe(8);
    const kept = cache.get("SELECT 9999");
    expect(cache.get("SELECT 9999")).toBe(kept);
    db.close();
  });
});
