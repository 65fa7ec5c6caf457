import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditGroupsSchema,
  auditHistogramSchema,
  auditListSchema,
  type AuditEventItem,
  type AuditGroup,
} from "@/lib/contract/audit";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { handleAuditSearch } from "./audit";
import { handleAuditGroups, handleAuditHistogram } from "./audit-aggregates";
import { allPages, ok, refused } from "./test-api";

type Query = Record<string, string | number>;

let t: TempStore;
const list = async (q: Query) => {
  const items: AuditEventItem[] = await allPages((cursor) =>
    ok(auditListSchema, (url) => handleAuditSearch(() => t.store, url), {
      ...q,
      limit: 500,
      ...(cursor ? { cursor } : {}),
    }),
  );
  const first = await ok(auditListSchema, (url) => handleAuditSearch(() => t.store, url), {
    ...q,
    limit: 1,
  });
  return { items, total: first.total, facets: first.facets };
};
const histogram = (q: Query) =>
  ok(auditHistogramSchema, (url) => handleAuditHistogram(() => t.store, url), q);
const groups = (q: Query, limit: number) =>
  allPages((cursor) =>
    ok(auditGroupsSchema, (url) => handleAuditGroups(() => t.store, url), {
      ...q,
      limit,
      ...(cursor ? { cursor } : {}),
    }),
  );

beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, demoRecords(3000).records);
}, 60_000);
afterAll(() => t.cleanup());

/** Filters that exercise each way a selection is built: facts, intent facts, text, ids, time. */
async function cases(): Promise<[string, Query][]> {
  const { items } = await list({});
  const times = items.map((i) => i.tsMs).sort((a, b) => a - b);
  const at = (f: number) => times[Math.floor(times.length * f)] ?? 0;
  const withCapability = items.find((i) => i.capability !== null);
  const busy = new Map<string, number>();
  for (const i of items) busy.set(i.intentId, (busy.get(i.intentId) ?? 0) + 1);
  const intent = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  return [
    ["everything", {}],
    ["denied", { decision: "deny" }],
    ["a capability (the intent's)", { capability: withCapability?.capability ?? "" }],
    ["a status in a time range", { status: "ok", from: at(0.2), to: at(0.7) + 1 }],
    ["from only", { from: at(0.5) + 3 }],
    ["to only", { to: at(0.3) }],
    ["a query with a rule and text", { q: `rule:${items.find((i) => i.decisions.length > 0)?.decisions[0]?.ruleName ?? "x"} outside` }],
    ["one intent", { intent }],
  ];
}

let CASES: [string, Query][] = [];
beforeAll(async () => {
  CASES = await cases();
});

describe("GET /api/audit/histogram", () => {
  it("sums to the list's total and puts each event in its bucket, for every kind of filter", async () => {
    expect(CASES.length).toBeGreaterThan(5);
    for (const [name, q] of CASES) {
      const { items, total } = await list(q);
      expect(items.length, name).toBe(total);
      expect(total, name).toBeGreaterThan(0);
      const h = await histogram({ ...q, buckets: 37 });
      expect(h.total, name).toBe(total);
      expect(h.counts.reduce((a, b) => a + b, 0), name).toBe(total);
      expect(h.counts.length, name).toBeLessThanOrEqual(37);
      expect(h.fromMs + h.counts.length * h.bucketMs, name).toBeGreaterThanOrEqual(h.toMs);
      // An open end is the data's: nothing is cut off, and no empty margin is added.
      const times = items.map((i) => i.tsMs);
      if (q.from === undefined && total > 0) expect(h.fromMs, name).toBe(Math.min(...times));
      else if (q.from !== undefined) expect(h.fromMs, name).toBe(Number(q.from));
      if (q.to === undefined && total > 0) expect(h.toMs, name).toBe(Math.max(...times) + 1);
      else if (q.to !== undefined) expect(h.toMs, name).toBe(Number(q.to));
      const expected = h.counts.map(() => 0);
      for (const ms of times) {
        const b = Math.floor((ms - h.fromMs) / h.bucketMs);
        expected[b] = (expected[b] ?? 0) + 1;
      }
      expect(h.counts, name).toEqual(expected);
    }
  });

  it("draws an hour up to now when nothing matches, and one bucket for an empty range", async () => {
    const none = await histogram({ executor: "no-such-executor" });
    expect(none.total).toBe(0);
    expect(none.toMs - none.fromMs).toBe(3_600_000);
    expect(Math.abs(none.toMs - Date.now())).toBeLessThan(60_000);
    expect(none.counts).toEqual(new Array(60).fill(0));
    const empty = await histogram({ from: 1000, to: 1000 });
    expect(empty).toMatchObject({ fromMs: 1000, toMs: 1000, counts: [0], total: 0 });
  });

  it.each([
    ["buckets=0", "buckets"],
    ["buckets=501", "buckets"],
    ["buckets=ten", "buckets"],
    ["q=decision:", "q"],
    ['q="unbalanced', "q"],
    ["q=color:red", "q"],
    ["from=yesterday", "from"],
    ["from=2&to=1", "to"],
  ])("refuses %s with a 400 naming %s", async (query, param) => {
    await refused((url) => handleAuditHistogram(() => t.store, url), query, param);
  });
});

const RANK = { none: 0, allow: 1, transform: 2, deny: 3 } as const;

/** The groups, computed from the list's events. */
function expectedGroups(items: readonly AuditEventItem[]): AuditGroup[] {
  const byIntent = new Map<string, AuditEventItem[]>();
  for (const i of items) byIntent.set(i.intentId, [...(byIntent.get(i.intentId) ?? []), i]);
  const out = [...byIntent].map(([intentId, evs]): AuditGroup & { lastId: number } => {
    // The list is newest first.
    const newest = evs[0];
    const oldest = evs.at(-1);
    if (!newest || !oldest) throw new Error("empty group");
    const decisions: AuditGroup["decisions"] = [];
    for (const e of [...evs].reverse()) {
      for (const d of e.decisions) {
        if (!decisions.some((x) => JSON.stringify(x) === JSON.stringify(d))) decisions.push(d);
      }
    }
    return {
      intentId,
      capability: newest.capability,
      domain: newest.domain,
      signer: newest.signer,
      signatureState: newest.signatureState,
      decision: evs.reduce<AuditGroup["decision"]>(
        (w, e) => (RANK[e.decision] > RANK[w] ? e.decision : w),
        "none",
      ),
      decisions,
      status: newest.status,
      events: evs.length,
      firstTsMs: oldest.tsMs,
      lastTsMs: newest.tsMs,
      lastTimestampNs: newest.timestampNs,
      lastId: newest.id,
    };
  });
  out.sort((a, b) => b.lastTsMs - a.lastTsMs || b.lastId - a.lastId);
  return out.map(({ lastId: _lastId, ...g }) => g);
}

describe("GET /api/audit/groups", () => {
  it("has one row per intent that agrees with its events, newest first, for every kind of filter", async () => {
    for (const [name, q] of CASES) {
      const { items } = await list(q);
      const want = expectedGroups(items);
      const first = await ok(auditGroupsSchema, (url) => handleAuditGroups(() => t.store, url), {
        ...q,
        limit: 7,
      });
      expect(first.total, name).toBe(want.length);
      const got = await groups(q, 7);
      expect(got, name).toEqual(want);
    }
  });

  it("marks a group denied when any of its events is, and counts intents, not events", async () => {
    const { items } = await list({});
    const denied = new Set(items.filter((i) => i.decision === "deny").map((i) => i.intentId));
    expect(denied.size).toBeGreaterThan(0);
    const all = await groups({}, 500);
    expect(all.length).toBe(new Set(items.map((i) => i.intentId)).size);
    expect(new Set(all.filter((g) => g.decision === "deny").map((g) => g.intentId))).toEqual(denied);
  });

  it("stays right as events arrive between requests (late events of known intents too)", { timeout: 60_000 }, async () => {
    const p = tempStore();
    try {
      const { records } = demoRecords(3000);
      // Every other record first, the rest after the first answers: later events join
      // groups the earlier answers already held.
      applyInBatches(p.store, records.filter((_, i) => i % 2 === 0));
      const check = async () => {
        const items: AuditEventItem[] = await allPages((cursor) =>
          ok(auditListSchema, (url) => handleAuditSearch(() => p.store, url), {
            limit: 500,
            ...(cursor ? { cursor } : {}),
          }),
        );
        const got = await allPages((cursor) =>
          ok(auditGroupsSchema, (url) => handleAuditGroups(() => p.store, url), {
            limit: 100,
            ...(cursor ? { cursor } : {}),
          }),
        );
        expect(got).toEqual(expectedGroups(items));
        return got;
      };
      const before = await check();
      applyInBatches(p.store, records.filter((_, i) => i % 2 === 1));
      const after = await check();
      expect(after.length).toBeGreaterThan(before.length);
      const grown = after.filter((g) => (before.find((b) => b.intentId === g.intentId)?.events ?? g.events) < g.events);
      expect(grown.length).toBeGreaterThan(0);
    } finally {
      p.cleanup();
    }
  });

  it.each([
    ["cursor=WzEsIngiXQ", "cursor"],
    ["limit=0", "limit"],
    ["q=decision:", "q"],
    ["decision=maybe", "decision"],
  ])("refuses %s with a 400 naming %s", async (query, param) => {
    await refused((url) => handleAuditGroups(() => t.store, url), query, param);
  });
});
