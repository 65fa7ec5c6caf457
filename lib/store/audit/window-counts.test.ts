import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { auditRecords } from "@/lib/testing/audit-fixture";
import { boundedAuditMatch } from "./window-counts";
import { ruleAuditFilter } from "@/lib/alerts/rule-filter";
import { auditBurst } from "@/lib/testing/alert-fixtures";
import { tempStore, type TempStore } from "@/lib/testing/store-fixtures";

let t: TempStore | null = null;
afterEach(() => t?.cleanup());

const filter = (q: string) => {
  const f = ruleAuditFilter(q);
  if (!f.ok) throw new Error(f.error);
  return f.filter;
};

describe("audit counts per window, for alert rules", () => {
  it("counts matching events per epoch-aligned window, and only those indexed after the last call", () => {
    t = tempStore();
    const W = 60_000;
    const w0 = 1_800_000_000_000 - (1_800_000_000_000 % W);
    t.store.applyBatch([...auditBurst(1, 3, w0 + 1_000), ...auditBurst(4, 2, w0 + W + 5), ...auditBurst(6, 4, w0 + 2_000, { decision: "allow" })]);
    const deny = filter("decision:deny");
    const first = t.store.auditWindowCounts(deny, { afterId: 0, windowMs: W });
    expect(first.windows.sort((a, b) => a.startMs - b.startMs)).toEqual([{ startMs: w0, n: 3 }, { startMs: w0 + W, n: 2 }]);
    // Nothing new: nothing counted twice.
    expect(t.store.auditWindowCounts(deny, { afterId: first.throughId, windowMs: W }).windows).toEqual([]);
    t.store.applyBatch(auditBurst(10, 5, w0 + 30_000, { rule: "rate-limit" }));
    const second = t.store.auditWindowCounts(deny, { afterId: first.throughId, windowMs: W });
    expect(second.windows).toEqual([{ startMs: w0, n: 5 }]);
    expect(second.throughId).toBeGreaterThan(first.throughId);
    // The same filter as the Audit page: a rule term narrows it; sinceMs drops older windows.
    expect(t.store.auditWindowCounts(filter("decision:deny rule:rate-limit"), { afterId: 0, windowMs: W }).windows).toEqual([{ startMs: w0, n: 5 }]);
    expect(t.store.auditWindowCounts(deny, { afterId: 0, windowMs: W, sinceMs: w0 + W }).windows).toEqual([{ startMs: w0 + W, n: 2 }]);
  });

  it("a rule with free words counts, tick by tick, what the whole history's full-text match counts, reading only the new events' documents", () => {
    t = tempStore();
    const H = 3_600_000;
    const queries = ["kubeconfig", "decision:deny terraform", '"kubeconfig" status:ok', "grafana"];
    const state = queries.map(() => ({ throughId: 0, counts: new Map<number, number>() }));
    // 6,000 events over 30 days, in batches of 500 as ingest writes them, a tick after each.
    const all = [...auditRecords(6_000)].flat();
    for (let i = 0; i < all.length; i += 500) {
      t.store.applyBatch(all.slice(i, i + 500));
      queries.forEach((q, k) => {
        const st = state[k];
        if (!st) return;
        const got = t?.store.auditWindowCounts(filter(q), { afterId: st.throughId, windowMs: H });
        if (!got) return;
        st.throughId = got.throughId;
        for (const w of got.windows) st.counts.set(w.startMs, (st.counts.get(w.startMs) ?? 0) + w.n);
      });
    }
    queries.forEach((q, k) => {
      const counts = state[k]?.counts ?? new Map<number, number>();
      const sum = [...counts.values()].reduce((a, b) => a + b, 0);
      // The full evaluation: the Audit page's search (its unbounded full-text match) over the whole history.
      expect(sum, q).toBe(t?.store.searchAudit({ ...filter(q), limit: 1 }).total);
      expect(sum, q).toBeGreaterThan(0);
      // And window by window, for the busiest few.
      for (const [start, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3)) {
        expect(n, `${q} @ ${start}`).toBe(t?.store.searchAudit({ ...filter(q), from: start, to: start + H, limit: 1 }).total);
      }
    });
    // The bound reaches FTS5 as a rowid range (its plan's "><"), so the walk is over the new documents only.
    const db = new Database(t.file, { readonly: true });
    const m = boundedAuditMatch('"kubeconfig"', 100, 200);
    const plan = z.array(z.object({ detail: z.string() })).parse(db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM audit_events a WHERE ${m.sql}`).all(...m.params));
    expect(plan.map((p) => p.detail)).toContainEqual(expect.stringMatching(/audit_fts VIRTUAL TABLE INDEX \d+:M\d*(><|<>)/));
    const n = z.object({ n: z.number() });
    expect(n.parse(db.prepare(`SELECT count(*) AS n FROM audit_events a WHERE ${m.sql}`).get(...m.params)).n).toBe(
      n.parse(db.prepare(`SELECT count(*) AS n FROM audit_events a WHERE a.id > 100 AND a.id <= 200 AND a.id IN (SELECT rowid >> 19 FROM audit_fts WHERE audit_fts MATCH ?)`).get('"kubeconfig"')).n,
    );
    db.close();
  });

  it("counts many filters together exactly as each alone, tick by tick", () => {
    t = tempStore();
    const H = 3_600_000;
    const queries = ["decision:deny", "decision:deny rule:egress-domains", "status:ok", "rule:rate-limit rule:egress-domains", "executor:nobody", "kubeconfig", "decision:deny grafana"];
    const filters = queries.map(filter);
    let afterId = 0;
    let ticks = 0;
    const all = [...auditRecords(3_000)].flat();
    for (let i = 0; i < all.length; i += 400) {
      t.store.applyBatch(all.slice(i, i + 400));
      const since = ticks++ % 2 === 0 ? undefined : Date.now() - 15 * 86_400_000;
      const many = t.store.auditWindowCountsMany(filters, { afterId, windowMs: H, sinceMs: since });
      const sorted = (w: { startMs: number; n: number }[]) => [...w].sort((a, b) => a.startMs - b.startMs);
      filters.forEach((f, k) => {
        const alone = t?.store.auditWindowCounts(f, { afterId, windowMs: H, sinceMs: since });
        expect(many[k]?.throughId, queries[k]).toBe(alone?.throughId);
        expect(sorted(many[k]?.windows ?? []), queries[k]).toEqual(sorted(alone?.windows ?? []));
      });
      afterId = many[0]?.throughId ?? afterId;
    }
    expect(ticks).toBeGreaterThan(2);
  });
});
