import { afterEach, describe, expect, it } from "vitest";
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
});
