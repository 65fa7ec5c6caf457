import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLossless } from "@/lib/protocol/json";
import {
  intentDetailSchema,
  intentListSchema,
  type IntentSummary,
} from "@/lib/contract/intents";
import { DEFAULT_NO_RESULT_GRACE_MS } from "@/lib/contract/intent-outcome";
import { encodeCursor } from "./page-cursor";
import {
  applyInBatches,
  demo,
  demoRecords,
  StreamSequencer,
  tempStore,
  type TempStore,
} from "@/lib/testing/store-fixtures";
import { handleIntentDetail, handleIntentList } from "./intents";
import { allPages, call, ok, refused } from "./test-api";

const { messages, records } = demoRecords(3000);

interface Expected {
  id: string;
  capability: string;
  domain: string;
  signer: string;
  signature: string;
  createdMs: number;
  status: string;
  text: string;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

const statusOf = new Map<string, string>();
for (const m of messages) {
  if (m.malformed || !m.subject.startsWith("smith.results.")) continue;
  const s = /"status":"(\w+)"/.exec(m.payload)?.[1] ?? "";
  statusOf.set(m.subject.slice(14), s === "success" ? "ok" : s === "failed" ? "error" : s);
}
const expected: Expected[] = messages
  .filter((m) => !m.malformed && m.subject.startsWith("smith.intents."))
  .map((m) => {
    const v = parseLossless(m.payload);
    const o: Record<string, unknown> = v !== null && typeof v === "object" ? { ...v } : {};
    const ns = typeof o.created_at_ns === "bigint" ? o.created_at_ns : 0n;
    const ttl = typeof o.ttl_ms === "number" ? o.ttl_ms : 0;
    // Without a result, an intent reads "no result" once its TTL and the grace have passed.
    const expiresMs = Number((ns + BigInt(ttl) * 1_000_000n) / 1_000_000n);
    const unanswered = Date.now() >= expiresMs + DEFAULT_NO_RESULT_GRACE_MS ? "no-result" : "pending";
    return {
      id: str(o.id),
      capability: str(o.capability),
      domain: str(o.domain),
      signer: str(o.signer),
      signature: m.signature ?? "",
      createdMs: Number(ns / 1_000_000n),
      status: statusOf.get(str(o.id)) ?? unanswered,
      text: m.payload,
    };
  });

let t: TempStore;
const list = (q: Record<string, string | number>) =>
  ok(intentListSchema, (url) => handleIntentList(() => t.store, url), q);
const everything = (q: Record<string, string | number>) =>
  allPages((cursor) => list({ ...q, limit: 97, ...(cursor ? { cursor } : {}) }));
const ids = (items: readonly IntentSummary[]) => items.map((i) => i.id).sort();

beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, records);
}, 60_000);
afterAll(() => t.cleanup());

describe("GET /api/intents", () => {
  it("lists every intent newest first, across pages, with the seqs it is consistent with", async () => {
    const items = await everything({});
    expect(ids(items)).toEqual(expected.map((e) => e.id).sort());
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1], items[i]];
      if (!a || !b) continue;
      expect(a.createdMs > b.createdMs || (a.createdMs === b.createdMs && a.id > b.id)).toBe(true);
    }
    const first = await list({ limit: 5 });
    expect(first.seq).toEqual(t.store.cursors());
    expect(first.nextCursor).not.toBeNull();
  });

  it.each([
    ["capability", (e: Expected) => e.capability],
    ["domain", (e: Expected) => e.domain],
    ["status", (e: Expected) => e.status],
    ["signature", (e: Expected) => e.signature],
    ["signer", (e: Expected) => e.signer],
  ])("filters by %s", async (param, field) => {
    const values = [...new Set(expected.map(field))];
    expect(values.length).toBeGreaterThan(1);
    for (const value of values) {
      const got = await everything({ [param]: value });
      expect(ids(got), `${param}=${value}`).toEqual(
        expected
          .filter((e) => field(e) === value)
          .map((e) => e.id)
          .sort(),
      );
    }
  });

  it("filters by time range (from inclusive, to exclusive; ms or ISO 8601)", async () => {
    const times = expected.map((e) => e.createdMs).sort((a, b) => a - b);
    const from = times[Math.floor(times.length / 3)] ?? 0;
    const to = times[Math.floor((2 * times.length) / 3)] ?? 0;
    const want = expected
      .filter((e) => e.createdMs >= from && e.createdMs < to)
      .map((e) => e.id)
      .sort();
    expect(ids(await everything({ from, to }))).toEqual(want);
    const iso = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    expect(ids(await everything(iso))).toEqual(want);
  });

  it("searches free text in params and metadata", async () => {
    const sample = expected.find((e) => e.capability === "http.fetch.v1");
    const host = /"url":"https?:\/\/([a-z0-9.-]+)/.exec(sample?.text ?? "")?.[1] ?? "";
    expect(host).not.toBe("");
    const got = await everything({ q: host });
    expect(ids(got)).toEqual(
      expected
        .filter((e) => e.text.includes(host))
        .map((e) => e.id)
        .sort(),
    );
    const both = await everything({ q: host, status: "ok" });
    expect(both.every((i) => i.status === "ok")).toBe(true);
  });

  it(
    "pages without duplicates or gaps while intents are inserted between pages",
    { timeout: 60_000 },
    async () => {
      const p = tempStore();
      try {
        p.store.applyBatch(records.slice(0, 1500));
        const before = ids(p.store.listIntents({ limit: 10_000 }).items);
        const page = (cursor: string | null) =>
          ok(intentListSchema, (url) => handleIntentList(() => p.store, url), {
            limit: 40,
            ...(cursor ? { cursor } : {}),
          });
        // Another seed's traffic covers the same time span: inserts land before and after the cursor.
        const seq = new StreamSequencer();
        const other = demo(1500, 99).map((m) => {
          const r = seq.record(m);
          return { ...r, stream: `${r.stream}_B` };
        });
        const seen: string[] = [];
        let cursor: string | null = null;
        let round = 0;
        do {
          const res = await page(cursor);
          seen.push(...res.items.map((i) => i.id));
          cursor = res.nextCursor;
          const chunk = other.slice(round * 300, ++round * 300);
          if (chunk.length > 0) p.store.applyBatch(chunk);
        } while (cursor !== null);
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of before) expect(seen).toContain(id);
      } finally {
        p.cleanup();
      }
    },
  );

  it.each([
    ["limit=0", "limit"],
    ["limit=abc", "limit"],
    ["limit=100000", "limit"],
    ["status=running", "status"],
    ["signature=maybe", "signature"],
    ["from=yesterday", "from"],
    ["to=2025-13-45T99:00", "to"],
    ["from=2000&to=1000", "to"],
    ["cursor=not-a-cursor!", "cursor"],
    [`cursor=${encodeCursor([5])}`, "cursor"],
    ["q=%2A%2A%2A", "q"],
    ["capability=", "capability"],
    ["domain=a&domain=b", "domain"],
  ])("refuses %s with a 400 naming %s", async (query, param) => {
    await refused((url) => handleIntentList(() => t.store, url), query, param);
  });
});

describe("GET /api/intents/[id]", () => {
  const detail = (id: string) => call(() => handleIntentDetail(() => t.store, id));

  it("links the intent to its policy decisions, result, audit events, signature, TTL and node", async () => {
    const linked = expected.find((e) => e.text.includes('"session_id"') && e.status !== "pending");
    expect(linked).toBeDefined();
    const { status, body } = await detail(linked?.id ?? "");
    expect(status).toBe(200);
    const d = intentDetailSchema.parse(body);
    expect(d.intent?.id).toBe(linked?.id);
    expect(d.signature?.state).toBe(linked?.signature);
    expect(d.signature?.trustListConfigured).toBe(true);
    expect(d.result?.statusNorm).toBe(linked?.status);
    expect(d.auditEvents.map((e) => e.channel).sort()).toEqual(["execution", "policy"]);
    expect(d.policyDecisions.length).toBeGreaterThan(0);
    expect(["ran-in-time", "expired-before-run", "not-run"]).toContain(d.ttl.state);
    expect(d.graphNodes.length).toBeGreaterThan(0);
    expect(d.seq).toEqual(t.store.cursors());
    // Exact nanoseconds travel as strings.
    expect(d.intent?.createdAtNs).toMatch(/^\d{19}$/);
    expect(typeof (d.result?.auditRef as { timestamp: unknown }).timestamp).toBe("number");
  });

  it("answers 404 for an unknown id and 400 for an unusable one", async () => {
    const missing = await detail("01972aba-0000-7000-8000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: "intent 01972aba-0000-7000-8000-000000000000 not found",
    });
    await refused(() => handleIntentDetail(() => t.store, ""), "", "id");
    await refused(() => handleIntentDetail(() => t.store, "x".repeat(301)), "", "id");
  });
});
