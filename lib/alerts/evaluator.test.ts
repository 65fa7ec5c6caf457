import { afterEach, describe, expect, it } from "vitest";
import type { Firing } from "@/lib/contract/alerts";
import { auditBurst } from "../testing/alert-fixtures";
import { integrityFixtures } from "../testing/integrity-fixtures";
import { fixtureRecords } from "../testing/integrity-records";
import { SEED, tempStore, type TempStore } from "../testing/store-fixtures";
import { Evaluator } from "./evaluator";
import type { IngestConsumerView } from "./ingest-fleet";
import type { RuleRecord } from "./records";

// One evaluator over a real index, its clock in the test's hands; "published" stands for
// the stream, and `known` for this replica's copy of it.
let t: TempStore | null = null;
afterEach(() => t?.cleanup());

const rule = (o: Partial<RuleRecord>): RuleRecord => ({
  id: "r1", name: "r", kind: "audit-count", query: "decision:deny", threshold: 3, windowMs: 60_000, muted: false, webhook: null,
  createdBy: "t", createdMs: 0, updatedBy: "t", updatedMs: 0, ...o,
});

function evaluator(r: RuleRecord | RuleRecord[], o: { now: () => number; ingest?: () => IngestConsumerView[] }) {
  t = tempStore(SEED);
  const published: Firing[] = [];
  const rules = (Array.isArray(r) ? r : [r]).map((value) => ({ key: `rule.${value.id}`, value, revision: 1 }));
  const e = new Evaluator({
    store: t.store,
    rules: () => rules,
    publish: async (f) => void published.push(f),
    known: (id) => published.some((f) => f.id === id),
    ingest: async () => (o.ingest ? o.ingest() : []),
    replica: "test",
    now: o.now,
  });
  return { e, published, store: t.store };
}


describe("the evaluator", () => {
  it("fires an audit-count rule once per window, as events cross the threshold across ticks", async () => {
    const W = 60_000;
    let now = 1_800_000_000_000 - (1_800_000_000_000 % W) + 10_000;
    const { e, published, store } = evaluator(rule({}), { now: () => now });
    store.applyBatch(auditBurst(1, 2, now));
    expect(await e.tick()).toEqual([]);
    store.applyBatch(auditBurst(3, 1, now + 1));
    const [f] = await e.tick();
    expect(f).toMatchObject({ id: `r1.w${now - 10_000}`, details: { count: 3, threshold: 3 } });
    store.applyBatch(auditBurst(4, 5, now + 2));
    expect(await e.tick()).toEqual([]);
    // The next window counts afresh.
    now += W;
    store.applyBatch(auditBurst(9, 3, now));
    expect((await e.tick()).map((x) => x.id)).toEqual([`r1.w${now - 10_000}`]);
    expect(published).toHaveLength(2);
  });

  it("does not judge a window that ended before the rule was last changed, nor a muted rule", async () => {
    const now = 1_800_000_000_000;
    const old = now - 120_000;
    const a = evaluator(rule({ updatedMs: now }), { now: () => now });
    a.store.applyBatch(auditBurst(1, 5, old - (old % 60_000) + 5));
    expect(await a.e.tick()).toEqual([]);
    t?.cleanup();
    const b = evaluator(rule({ muted: true }), { now: () => now });
    b.store.applyBatch(auditBurst(1, 5, now));
    expect(await b.e.tick()).toEqual([]);
  });

  it("fires an integrity rule on the alarms of the window, once per window", async () => {
    let now = Date.now();
    const fx = integrityFixtures({ baseMs: now - 600_000, domain: "alerts", seed: SEED });
    const { e, store } = evaluator(rule({ kind: "integrity", query: null, threshold: null, windowMs: 3_600_000 }), { now: () => now });
    expect(store.applyBatch(fixtureRecords(fx.messages)).quarantined).toBe(0);
    const [f] = await e.tick();
    expect(f?.id).toBe(`r1.w${now - (now % 3_600_000)}`);
    expect(f?.details).toMatchObject({ invalid: fx.expected.counts.invalid, "untrusted-signer": fx.expected.counts["untrusted-signer"], "digest-mismatch": 1, "ttl-expired": 1 });
    now += 10_000;
    expect(await e.tick()).toEqual([]);
  });

  it("fires no integrity rule on an index without alarms", async () => {
    const now = Date.now();
    const { e, store } = evaluator(rule({ kind: "integrity", query: null, threshold: null, windowMs: 3_600_000 }), { now: () => now });
    store.applyBatch(auditBurst(1, 5, now));
    expect(await e.tick()).toEqual([]);
  });

  it("fires ingest-stalled when an ingest consumer is behind with no ack for the window, once per window", async () => {
    let now = 1_800_000_000_000;
    const view = (o: Partial<IngestConsumerView>): IngestConsumerView => ({ stream: "AUDIT_SECURITY", durable: "pilot-ingest-a-AUDIT_SECURITY", behind: 0, waitingSinceMs: null, progressMs: now - 3_600_000, ...o });
    let views = [view({})];
    const { e } = evaluator(rule({ kind: "ingest-stalled", query: null, threshold: null, windowMs: 60_000 }), { now: () => now, ingest: () => views });
    // Idle with nothing to do, however long since its last ack: fine.
    expect(await e.tick()).toEqual([]);
    // Messages waiting for less than the window (the last ack long ago: it was idle): fine.
    now += 6_000;
    views = [view({ behind: 500, waitingSinceMs: now - 30_000 })];
    expect(await e.tick()).toEqual([]);
    // Far behind but acking: fine.
    now += 6_000;
    views = [view({ behind: 500_000, waitingSinceMs: now - 600_000, progressMs: now - 1_000 })];
    expect(await e.tick()).toEqual([]);
    // Waiting for the window, no ack for the window: stalled, named.
    now += 6_000;
    views = [view({ behind: 500, waitingSinceMs: now - 60_000, progressMs: now - 61_000 }), view({ durable: "pilot-ingest-b-AUDIT_SECURITY", progressMs: now - 1_000 })];
    const [f] = await e.tick();
    expect(f?.id).toBe(`r1.w${now - (now % 60_000)}`);
    expect(f?.summary).toContain("pilot-ingest-a-AUDIT_SECURITY on AUDIT_SECURITY (500 not acked");
    expect(f?.summary).not.toContain("pilot-ingest-b");
    // Looked at again at most every 5 s; within the same window it has fired.
    now += 6_000;
    expect(await e.tick()).toEqual([]);
  });

  it("reads every replica's ingest once a tick, however many ingest-stalled rules are due", async () => {
    const now = 1_800_000_000_000;
    let reads = 0;
    const stalled: IngestConsumerView = { stream: "AUDIT_SECURITY", durable: "pilot-ingest-a-AUDIT_SECURITY", behind: 5, waitingSinceMs: now - 600_000, progressMs: now - 600_000 };
    const rules = ["s1", "s2", "s3"].map((id) => rule({ id, kind: "ingest-stalled", query: null, threshold: null, windowMs: 60_000 }));
    const { e } = evaluator(rules, { now: () => now, ingest: () => (reads++, [stalled]) });
    const fired = await e.tick();
    expect(fired.map((f) => f.ruleId).sort()).toEqual(["s1", "s2", "s3"]);
    expect(reads).toBe(1);
  });
});

describe("a scorecard-regression rule", () => {
  it("fires for the last two pilot runs when the Scorecards comparison finds a regression, keyed by the two runs, and not otherwise", async () => {
    const { demoRecords, applyInBatches } = await import("../testing/store-fixtures");
    const { comparison } = await import("@/lib/api/scorecard-views");
    const now = Date.now();
    const scorecardRule = rule({ kind: "scorecard-regression", query: null, threshold: null, windowMs: null });
    const { records } = demoRecords(4000);
    // As generated, the demo's last two runs do not differ beyond the intervals: no firing.
    const clean = evaluator(scorecardRule, { now: () => now });
    applyInBatches(clean.store, records);
    const [b, a] = clean.store.scorecards({ limit: 2 }).items;
    if (!a || !b) throw new Error("the demo has fewer than two pilot runs");
    expect(comparison(clean.store, { a: a.pilotId, b: b.pilotId }).models.flatMap((m) => m.changes).some((c) => c.verdict === "regression")).toBe(false);
    expect(await clean.e.tick()).toEqual([]);
    t?.cleanup();
    // Both runs three times as large (each reply again under other task ids, past the
    // small-sample rule), and the newest run's diffs all failing to apply.
    const text = new TextDecoder();
    const ours = (r: (typeof records)[number]) => r.subject.startsWith(`newt.replies.${a.pilotId}.`) || r.subject.startsWith(`newt.replies.${b.pilotId}.`);
    let seq = Math.max(...records.map((r) => r.seq));
    const more = [1, 2].flatMap((k) => records.filter(ours).map((r) => ({ ...r, seq: ++seq, subject: `${r.subject}-x${k}` })));
    const broken = [...records, ...more].map((r) =>
      r.subject.startsWith(`newt.replies.${b.pilotId}.`) ? { ...r, payload: new TextEncoder().encode(text.decode(r.payload).replace(/"diff_applied"\s*:\s*true/g, '"diff_applied":false')) } : r,
    );
    const worse = evaluator(scorecardRule, { now: () => now });
    applyInBatches(worse.store, broken);
    const regressions = comparison(worse.store, { a: a.pilotId, b: b.pilotId }).models.flatMap((m) => m.changes.filter((c) => c.verdict === "regression").map((c) => `${m.modelId} ${c.key}`));
    expect(regressions.length, JSON.stringify(comparison(worse.store, { a: a.pilotId, b: b.pilotId }).models.map((m) => [m.modelId, m.after?.replies, m.changes.map((c) => c.verdict)]))).toBeGreaterThan(0);
    const fired = await worse.e.tick();
    expect(fired.map((f) => [f.id, f.details.regressions])).toEqual([[`r1.p${a.pilotId}..${b.pilotId}`, regressions.join("; ")]]);
  });
});
