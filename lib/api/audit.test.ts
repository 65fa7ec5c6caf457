import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLossless } from "@/lib/protocol/json";
import { auditListSchema, type AuditList } from "@/lib/contract/audit";
import { demo, StreamSequencer, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import type { IngestRecord } from "@/lib/store";
import { handleAuditSearch } from "./audit";
import { allPages, ok, refused } from "./test-api";

// Demo audit events re-timed to span about three hours at ~7.8 s intervals, so that
// ranges cross hour and minute buckets and their ragged ends.
const BASE_MS = 1_748_768_400_000 + 1234;
const STEP_MS = 7_777;

interface Fact {
  id: string;
  tsMs: number;
  executor: string;
  status: string;
  decision: string;
  sandbox: string;
  rules: string[];
  channel: string;
  text: string;
}

const seq = new StreamSequencer();
const facts: Fact[] = [];
const records: IngestRecord[] = [];
demo(4000)
  .filter((m) => !m.malformed && /^smith\.audit\.(policy|execution)\./.test(m.subject))
  .forEach((m, i) => {
    const tsMs = BASE_MS + i * STEP_MS;
    const ns = BigInt(tsMs) * 1_000_000n + BigInt((i * 7919) % 1_000_000);
    const payload = m.payload.replace(/"timestamp_ns":\d+/, `"timestamp_ns":${ns}`);
    const v = parseLossless(payload);
    const o: Record<string, unknown> = v !== null && typeof v === "object" ? { ...v } : {};
    const decisions = Array.isArray(o.policy_decisions) ? o.policy_decisions : [];
    const decided = decisions.map((d) => (d !== null && typeof d === "object" ? { ...d } : {}));
    const verdicts = decided.map((d) => String(d.decision));
    const sc: Record<string, unknown> =
      o.security_context !== null && typeof o.security_context === "object"
        ? { ...o.security_context }
        : {};
    const status = String(o.result_status);
    facts.push({
      id: String(o.intent_id),
      tsMs,
      executor: String(o.executor_id),
      status: status === "success" ? "ok" : status === "failed" ? "error" : status,
      decision: verdicts.includes("deny")
        ? "deny"
        : verdicts.includes("transform")
          ? "transform"
          : "allow",
      sandbox: typeof sc.sandbox_mode === "string" ? sc.sandbox_mode : "none",
      rules: [...new Set(decided.map((d) => String(d.rule_name)))],
      channel: m.subject.split(".")[2] ?? "",
      text: payload,
    });
    records.push(seq.record({ ...m, payload }));
  });

type Filter = Partial<
  Record<"executor" | "status" | "decision" | "sandbox" | "rule" | "channel", string>
> & {
  from?: number;
  to?: number;
};

function passes(f: Fact, q: Filter, skip?: string): boolean {
  return (
    (q.from === undefined || f.tsMs >= q.from) &&
    (q.to === undefined || f.tsMs < q.to) &&
    (skip === "executor" || q.executor === undefined || f.executor === q.executor) &&
    (skip === "status" || q.status === undefined || f.status === q.status) &&
    (skip === "decision" || q.decision === undefined || f.decision === q.decision) &&
    (skip === "sandbox" || q.sandbox === undefined || f.sandbox === q.sandbox) &&
    (skip === "rule" || q.rule === undefined || f.rules.includes(q.rule)) &&
    (q.channel === undefined || f.channel === q.channel)
  );
}

/** The expected total and facets, computed from the facts: each facet skips its own filter. */
function expectedAnswer(q: Filter): Pick<AuditList, "total" | "facets"> {
  const facet = (dim: "executor" | "status" | "decision" | "sandbox" | "rule") => {
    const m = new Map<string, number>();
    for (const f of facts.filter((x) => passes(x, q, dim))) {
      const values = dim === "rule" ? f.rules : [f[dim]];
      for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
    }
    return [...m]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  };
  return {
    total: facts.filter((f) => passes(f, q)).length,
    facets: {
      executor: facet("executor"),
      status: facet("status"),
      decision: facet("decision"),
      sandbox: facet("sandbox"),
      rule: facet("rule"),
      // Only audit events are indexed here: no intent, so no capability or domain.
      capability: [],
      domain: [],
    },
  };
}

let t: TempStore;
const search = (q: Record<string, string | number>) =>
  ok(auditListSchema, (url) => handleAuditSearch(() => t.store, url), q);

beforeAll(() => {
  t = tempStore();
  for (let i = 0; i < records.length; i += 400) t.store.applyBatch(records.slice(i, i + 400));
}, 60_000);
afterAll(() => t.cleanup());

const H = 3_600_000;
const CASES: [string, Filter][] = [
  ["everything", {}],
  ["a ragged multi-hour range", { from: BASE_MS + 1_000_003, to: BASE_MS + 3 * H + 77_777 }],
  ["a range inside one hour", { from: BASE_MS + 600_001, to: BASE_MS + 1_900_000 }],
  [
    "a range inside one minute",
    { from: BASE_MS + 60_000 * 30 + 5, to: BASE_MS + 60_000 * 30 + 50_000 },
  ],
  ["exact hours", { from: Math.ceil(BASE_MS / H) * H, to: Math.ceil(BASE_MS / H) * H + 2 * H }],
  ["an executor", { executor: facts[0]?.executor ?? "" }],
  ["denied in the execution channel", { status: "denied", channel: "execution" }],
  ["a rule and a sandbox mode", { rule: "path-sandbox", sandbox: "full" }],
  ["a decision and a range", { decision: "transform", from: BASE_MS + H, to: BASE_MS + 2 * H + 1 }],
];

describe("GET /api/audit", () => {
  it.each(CASES)("counts facets over the whole range: %s", async (_name, q) => {
    const query = { ...q, limit: 3 } as Record<string, string | number>;
    const answer = await search(query);
    expect({ total: answer.total, facets: answer.facets }).toEqual(expectedAnswer(q));
    expect(answer.items.length).toBe(Math.min(3, answer.total));
  });

  it.each(CASES)("pages through exactly the matching events: %s", async (_name, q) => {
    const items = await allPages((cursor) =>
      search({
        ...(q as Record<string, string | number>),
        limit: 61,
        ...(cursor ? { cursor } : {}),
      }),
    );
    expect(items.length).toBe(expectedAnswer(q).total);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const item of items) {
      expect(
        passes(
          {
            ...item,
            executor: item.executorId,
            sandbox: item.sandboxMode,
            rules: item.decisions.map((d) => d.ruleName),
            text: "",
            id: item.intentId,
          },
          q,
        ),
      ).toBe(true);
    }
  });

  it("filters by intent and by full text, with facets over the matches", async () => {
    const one = facts[5];
    const byIntent = await search({ intent: one?.id ?? "", limit: 10 });
    expect(byIntent.items.every((i) => i.intentId === one?.id)).toBe(true);
    expect(byIntent.total).toBe(facts.filter((f) => f.id === one?.id).length);

    const word = "outside";
    const matching = facts.filter((f) => f.text.includes(word));
    expect(matching.length).toBeGreaterThan(3);
    const text = await search({ q: word, limit: 500 });
    expect(text.total).toBe(matching.length);
    expect(text.items.map((i) => i.intentId).sort()).toEqual(matching.map((f) => f.id).sort());
    const executors = new Map<string, number>();
    for (const f of matching) executors.set(f.executor, (executors.get(f.executor) ?? 0) + 1);
    expect(Object.fromEntries(text.facets.executor.map((e) => [e.value, e.count]))).toEqual(
      Object.fromEntries(executors),
    );
    const ranged = await search({ q: word, from: BASE_MS + H, limit: 500 });
    expect(ranged.total).toBe(matching.filter((f) => f.tsMs >= BASE_MS + H).length);
  });

  it(
    "pages without duplicates or gaps while events are inserted between pages",
    { timeout: 60_000 },
    async () => {
      const p = tempStore();
      try {
        // Every other event first; the rest, interleaved in time, arrives while paging.
        const early = records.filter((_, i) => i % 2 === 0);
        const late = records.filter((_, i) => i % 2 === 1);
        p.store.applyBatch(early);
        const before = p.store.searchAudit({ limit: 10_000 }).items.map((e) => e.id);
        const seen: number[] = [];
        let cursor: string | null = null;
        let round = 0;
        do {
          const page: AuditList = await ok(
            auditListSchema,
            (url) => handleAuditSearch(() => p.store, url),
            {
              limit: 50,
              ...(cursor ? { cursor } : {}),
            },
          );
          seen.push(...page.items.map((e) => e.id));
          cursor = page.nextCursor;
          p.store.applyBatch(late.slice(round * 60, ++round * 60));
        } while (cursor !== null);
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of before) expect(seen).toContain(id);
      } finally {
        p.cleanup();
      }
    },
  );

  it("answers each event with its decisions, the intent's capability and exact nanoseconds", async () => {
    const { items } = await search({ limit: 20 });
    for (const e of items) {
      expect(e.decisions.length).toBeGreaterThan(0);
      expect(e.timestampNs).toMatch(/^\d{19}$/);
      expect(BigInt(e.timestampNs) / 1_000_000n).toBe(BigInt(e.tsMs));
    }
  });

  it.each([
    ["status=weird", "status"],
    ["decision=maybe", "decision"],
    ["sandbox=partial", "sandbox"],
    ["channel=email", "channel"],
    ["cursor=WzEsIngiXQ", "cursor"],
    ["q=...", "q"],
    ["limit=-1", "limit"],
    ["from=1&to=0", "to"],
    ["rule=a&rule=b", "rule"],
  ])("refuses %s with a 400 naming %s", async (query, param) => {
    await refused((url) => handleAuditSearch(() => t.store, url), query, param);
  });
});
