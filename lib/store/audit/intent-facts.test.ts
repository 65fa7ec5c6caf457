import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditListSchema } from "@/lib/contract/audit";
import { handleAuditSearch } from "@/lib/api/audit";
import { ok } from "@/lib/api/test-api";
import { openDatabase, type Db } from "../core/db";
import { demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";

// Demo traffic with audit events first and their intents after, in two halves: the
// reader must pick up intents that arrive after the events it already holds.
const { records } = demoRecords(3000);
const isAudit = (s: string) => s.startsWith("smith.audit.");
const audit = records.filter((r) => isAudit(r.subject));
const rest = records.filter((r) => !isAudit(r.subject));

let t: TempStore;
let db: Db;
const search = (q: Record<string, string | number>) =>
  ok(auditListSchema, (url) => handleAuditSearch(() => t.store, url), q);

/** Events per value of an intent column, by plain SQL. */
function sqlFacet(column: "capability" | "domain", where = "1"): Map<string, number> {
  const rows = db
    .prepare<{ v: string; n: number }>(
      `SELECT i.${column} AS v, count(*) AS n FROM audit_events a
       JOIN intents i ON i.id = a.intent_id WHERE ${where} GROUP BY 1`,
    )
    .all();
  return new Map(rows.map((r) => [r.v, r.n]));
}

const asMap = (f: { value: string; count: number }[]) => new Map(f.map((x) => [x.value, x.count]));

beforeAll(() => {
  t = tempStore();
  t.store.applyBatch(audit);
  db = openDatabase(t.file);
}, 60_000);
afterAll(() => {
  db.close();
  t.cleanup();
});

describe("audit filters and facets on the intent's facts", () => {
  it("counts nothing by capability before the intents are indexed, then everything", async () => {
    const before = await search({ limit: 1 });
    expect(before.facets.capability).toEqual([]);
    expect(audit.length).toBeGreaterThan(100);
    t.store.applyBatch(rest);
    const after = await search({ limit: 1 });
    expect(asMap(after.facets.capability)).toEqual(sqlFacet("capability"));
    expect(asMap(after.facets.domain)).toEqual(sqlFacet("domain"));
  });

  it("filters by capability, domain and signer, as parameters or query terms", async () => {
    const [capability] = [...sqlFacet("capability")].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    const expected = sqlFacet("capability").get(capability) ?? 0;
    expect(expected).toBeGreaterThan(0);
    expect((await search({ capability, limit: 1 })).total).toBe(expected);
    const byTerm = await search({ q: `capability:${capability}`, limit: 500 });
    expect(byTerm.total).toBe(expected);
    expect(byTerm.items.every((i) => i.capability === capability)).toBe(true);

    const deny = db
      .prepare<{ n: number }>(
        `SELECT count(*) AS n FROM audit_events a JOIN audit_combos c ON c.id = a.combo JOIN intents i ON i.id = a.intent_id
         WHERE c.decision = 'deny' AND i.capability = ?`,
      )
      .get(capability)?.n;
    const both = await search({ q: `decision:deny capability:${capability}`, limit: 5 });
    expect(both.total).toBe(deny);
    // The capability facet skips its own filter: every capability's denials.
    expect(asMap(both.facets.capability)).toEqual(sqlFacet("capability", "a.combo IN (SELECT id FROM audit_combos WHERE decision = 'deny')"));

    const signer =
      db.prepare<{ s: string }>("SELECT signer AS s FROM intents WHERE signer != '' LIMIT 1").get()
        ?.s ?? "";
    const bySigner = db
      .prepare<{ n: number }>(
        "SELECT count(*) AS n FROM audit_events a JOIN intents i ON i.id = a.intent_id WHERE i.signer = ?",
      )
      .get(signer)?.n;
    expect((await search({ q: `signer:"${signer}"`, limit: 1 })).total).toBe(bySigner);
    expect((await search({ signer, domain: "no-such-domain", limit: 1 })).total).toBe(0);
  });

  it("needs both values of a field given twice, and reads phrases as phrases", async () => {
    const two = await search({ q: "decision:deny decision:allow", limit: 1 });
    expect(two.total).toBe(0);
    const words = await search({ q: "outside allowlist", limit: 1 });
    const phrase = await search({ q: '"outside the allowlist"', limit: 1 });
    expect(phrase.total).toBeLessThanOrEqual(words.total);
  });

  it("answers each event with its intent's domain, signer and signature verdict", async () => {
    const { items } = await search({ limit: 50 });
    const known = items.filter((i) => i.capability !== null);
    expect(known.length).toBeGreaterThan(0);
    for (const i of known) {
      expect(i.domain).not.toBeNull();
      expect(i.signatureState).not.toBeNull();
    }
  });
});
