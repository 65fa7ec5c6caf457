import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTEGRITY_KINDS, integrityRowsSchema, integritySummarySchema, type IntegrityKind } from "@/lib/contract/integrity";
import { parseLossless } from "@/lib/protocol/json";
import { executorAuditRecordSchema } from "@/lib/protocol/smith-audit";
import { EXECUTOR_AUDIT_RECORD_RAW } from "@/lib/protocol/test-fixtures";
import { DIGEST, integrityFixtures, OTHER_DIGEST, type FixtureName } from "@/lib/testing/integrity-fixtures";
import { fixtureRecords } from "@/lib/testing/integrity-records";
import { handleIntegrity, handleIntegrityRows } from "@/lib/api/integrity";
import { allPages, ok, refused } from "@/lib/api/test-api";
import { SEED, tempStore, type TempStore } from "@/lib/testing/store-fixtures";

const BASE = Date.UTC(2026, 0, 1, 12);
const inRange = integrityFixtures({ baseMs: BASE, domain: "integrity", seed: SEED });
// The same mix an hour earlier: outside the range, inside "all time".
const earlier = integrityFixtures({ baseMs: BASE - 3_600_000, domain: "integrity", seed: SEED });
const range = { from: inRange.fromMs, to: inRange.toMs };


const ROWS: Record<IntegrityKind, FixtureName[]> = {
  verified: ["clean", "clean2", "expired", "mismatch", "unaudited"],
  invalid: ["tampered"],
  unsigned: ["unsigned"],
  "untrusted-signer": ["untrusted"],
  "digest-mismatch": ["mismatch"],
  "ttl-expired": ["expired"],
  "no-audit": ["unaudited"],
  "no-result": ["unsigned", "untrusted"],
  "conflicting-copies": ["tampered"],
};

let t: TempStore;
beforeAll(() => {
  t = tempStore(SEED);
  const applied = t.store.applyBatch(fixtureRecords([...earlier.messages, ...inRange.messages]));
  expect(applied.quarantined).toBe(0);
});
afterAll(() => t.cleanup());

describe("integritySummary", () => {
  it("counts the hand-made fixtures of the range, each once", () => {
    const s = t.store.integritySummary(range);
    expect({ intents: s.intents, results: s.results, digestsCompared: s.digestsCompared, counts: s.counts }).toEqual(
      inRange.expected,
    );
  });

  it("counts both mixes over all time, and nothing outside them", () => {
    const all = t.store.integritySummary({});
    expect(all.intents).toBe(16);
    expect(all.counts.invalid).toBe(2);
    expect(all.counts["digest-mismatch"]).toBe(2);
    expect(t.store.integritySummary({ from: inRange.toMs, to: inRange.toMs + 3_600_000 }).intents).toBe(0);
  });
});

describe("integrityRows", () => {
  it.each(INTEGRITY_KINDS)("lists exactly the %s intents of the range", (kind) => {
    const page = t.store.integrityRows({ kind, ...range, limit: 50 });
    expect(page.items.map((r) => r.id).sort()).toEqual(ROWS[kind].map((n) => inRange.ids[n]).sort());
    expect(page.items.length).toBe(t.store.integritySummary(range).counts[kind]);
  });

  it("shows both digests of a mismatch and the start of a late run", () => {
    const [mismatch] = t.store.integrityRows({ kind: "digest-mismatch", ...range, limit: 5 }).items;
    expect(mismatch).toMatchObject({ intentDigest: DIGEST, resultDigest: OTHER_DIGEST });
    const [late] = t.store.integrityRows({ kind: "ttl-expired", ...range, limit: 5 }).items;
    expect(late?.ranLate).toBe(true);
    expect(BigInt(late?.startedAtNs ?? "0")).toBeGreaterThan(BigInt(late?.expiresAtNs ?? "0"));
  });

  it("pages newest first without gaps or repeats", async () => {
    const items = await allPages(async (cursor) =>
      ok(integrityRowsSchema, (url) => handleIntegrityRows(() => t.store, url), {
        kind: "verified",
        limit: 2,
        ...(cursor ? { cursor } : {}),
      }),
    );
    expect(items).toHaveLength(10);
    expect(new Set(items.map((i) => i.id)).size).toBe(10);
    expect(items.map((i) => i.createdMs)).toEqual([...items.map((i) => i.createdMs)].sort((a, b) => b - a));
  });
});

describe("GET /api/audit/integrity", () => {
  const summary = (q: Record<string, string | number>) =>
    ok(integritySummarySchema, (url) => handleIntegrity(() => t.store, url), q);

  it("answers the range's counts, ISO dates or epoch ms alike", async () => {
    const byMs = await summary(range);
    const byIso = await summary({ from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() });
    expect(byMs.counts).toEqual(inRange.expected.counts);
    expect(byIso.counts).toEqual(byMs.counts);
  });

  it.each([
    [{ from: "yesterday" }, "from"],
    [{ from: 10, to: 5 }, "to"],
    [{ kind: "invalid" }, "(query)"],
  ] as const)("refuses %j naming %s", async (query, param) => {
    await refused((url) => handleIntegrity(() => t.store, url), query, param);
  });

  it("refuses an unknown kind of row", async () => {
    await refused((url) => handleIntegrityRows(() => t.store, url), { kind: "all" }, "kind");
  });
});

describe("an imported audit record", () => {
  it("counts as the result's audit event", () => {
    const record = executorAuditRecordSchema.parse(parseLossless(EXECUTOR_AUDIT_RECORD_RAW));
    const before = t.store.integritySummary(range).counts["no-audit"];
    const text = EXECUTOR_AUDIT_RECORD_RAW.replace(record.intent_id, inRange.ids.unaudited);
    t.store.importAuditRecords([{ record: { ...record, intent_id: inRange.ids.unaudited }, text, file: "day.jsonl", line: 1 }], "exec-9");
    expect(before).toBe(1);
    expect(t.store.integritySummary(range).counts["no-audit"]).toBe(0);
  });
});
