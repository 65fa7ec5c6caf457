import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorSchema } from "@/lib/contract/list";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import type { Store } from "@/lib/store";
import { handleAuditSearch } from "./audit";
import { handleAuditGroups, handleAuditHistogram } from "./audit-aggregates";
import { handleAuditExport } from "./audit-export";
import { handleIntentList } from "./intents";
import { SearchBudget } from "./search-budget";

/*
 * Row 9 of issue 18: full-text search runs on the thread that also ingests. A query of
 * 160 one-letter prefixes is refused before the index is touched, and one person's
 * full-text searches past their budget wait, while others' are answered.
 */

let t: TempStore;
let touched = 0;
const store = (): Store => {
  touched++;
  return t.store;
};
beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, demoRecords(2000).records);
}, 60_000);
afterAll(() => t?.cleanup());

const url = (path: string, q: Record<string, string>) =>
  new URL(`http://pilot.test${path}?${new URLSearchParams(q).toString()}`);

async function refusal(res: Response): Promise<string> {
  expect(res.status).toBe(400);
  const body = apiErrorSchema.parse(await res.json());
  expect(body.param).toBe("q");
  return body.error;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
const PREFIXES_160 = Array.from({ length: 160 }, (_, i) => `${LETTERS[i % LETTERS.length]}*`).join(
  " ",
);

describe("full-text search cost", () => {
  it("160 one-letter prefix terms: a 400 that says what to change, on every route, before the index is touched", async () => {
    touched = 0;
    const q = { q: PREFIXES_160 };
    for (const res of [
      handleAuditSearch(store, url("/api/audit", q)),
      handleAuditHistogram(store, url("/api/audit/histogram", q)),
      handleAuditGroups(store, url("/api/audit/groups", q)),
      handleAuditExport(store, url("/api/audit/export", q)),
      handleIntentList(store, url("/api/intents", q)),
    ]) {
      expect(await refusal(res)).toBe(
        "q: at most 16 words or phrases to search for (this query has 160); use field:value terms to narrow it",
      );
    }
    expect(touched).toBe(0);
  });

  it("a one- or two-letter prefix, or more than 4 prefixes, is a 400 naming the rule", async () => {
    expect(await refusal(handleAuditSearch(store, url("/api/audit", { q: "executor:x a*" })))).toBe(
      "q: a prefix search needs at least 3 letters or digits before the *: a*",
    );
    expect(await refusal(handleIntentList(store, url("/api/intents", { q: "fs-r*" })))).toBe(
      "q: a prefix search needs at least 3 letters or digits before the *: fs-r*",
    );
    expect(
      await refusal(handleAuditSearch(store, url("/api/audit", { q: "abc* bcd* cde* def* efg*" }))),
    ).toBe("q: at most 4 prefix searches (word*) in one query (this query has 5)");
  });

  it("queries within the bounds are answered", async () => {
    const words = Array.from({ length: 16 }, (_, i) => (i < 4 ? `exe${i}*` : `word${i}`)).join(" ");
    expect(handleAuditSearch(store, url("/api/audit", { q: words })).status).toBe(200);
    expect(handleAuditSearch(store, url("/api/audit", { q: "exec*" })).status).toBe(200);
  });

  it("past one person's full-text budget: a 429 with Retry-After for them, answers for everyone else", async () => {
    // Any full-text query spends this budget whole; it drains far slower than the test runs.
    const budget = new SearchBudget({ burstMs: 0.000_001, share: 1e-9 });
    const mallory = { who: "mallory", budget };
    const text = { q: "exec*" };
    expect(handleAuditSearch(store, url("/api/audit", text), mallory).status).toBe(200);
    for (const res of [
      handleAuditSearch(store, url("/api/audit", text), mallory),
      handleAuditHistogram(store, url("/api/audit/histogram", text), mallory),
      handleAuditGroups(store, url("/api/audit/groups", text), mallory),
      handleAuditExport(store, url("/api/audit/export", text), Date.now(), mallory),
    ]) {
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(apiErrorSchema.parse(await res.json()).error).toMatch(
        /^q: too many full-text searches in a short time; try again in \d+ s/,
      );
    }
    // Her queries without full text, and another person's with it, are answered.
    expect(
      handleAuditSearch(store, url("/api/audit", { q: "decision:deny" }), mallory).status,
    ).toBe(200);
    expect(handleAuditSearch(store, url("/api/audit", text), { who: "alice", budget }).status).toBe(
      200,
    );
  });
});
