import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLossless } from "@/lib/protocol/json";
import { scorecardListSchema } from "@/lib/contract/scorecards";
import { applyInBatches, demoRecords, tempStore, type TempStore } from "@/lib/testing/store-fixtures";
import { handleScorecards } from "./scorecards";
import { allPages, ok, refused } from "./test-api";

const { messages, records } = demoRecords(4000);

interface Reply {
  pilot: string;
  model: string;
  shape: string;
  applied: boolean;
  empty: boolean;
  /** null: the reply stated no cost_usd (unknown, not $0). */
  cost: number | null;
  input: number;
  end: string;
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" ? { ...v } : {};
const replies: Reply[] = messages
  .filter((m) => !m.malformed && m.subject.startsWith("newt.replies."))
  .map((m) => {
    const r = obj(parseLossless(m.payload));
    const metrics = obj(r.metrics);
    const usage = obj(metrics.usage);
    return {
      pilot: m.subject.split(".")[2] ?? "",
      model: String(r.model_id),
      shape: typeof r.emission_shape === "string" ? r.emission_shape : "unknown",
      applied: r.diff_applied === true,
      empty: r.empty_diff === true,
      cost: typeof metrics.cost_usd === "number" ? metrics.cost_usd : null,
      input: typeof usage.input_tokens === "number" ? usage.input_tokens : 0,
      end: typeof metrics.end_reason === "string" ? metrics.end_reason : "unknown",
    };
  });

let t: TempStore;
beforeAll(() => {
  t = tempStore();
  applyInBatches(t.store, records);
}, 60_000);
afterAll(() => t.cleanup());

const cards = (q: Record<string, string | number>) =>
  ok(scorecardListSchema, (url) => handleScorecards(() => t.store, url), q);

describe("GET /api/scorecards", () => {
  it("aggregates every pilot run per model, newest run first", async () => {
    const pilots = [...new Set(replies.map((r) => r.pilot))];
    expect(pilots.length).toBeGreaterThan(1);
    const items = await allPages((cursor) => cards({ limit: 1, ...(cursor ? { cursor } : {}) }));
    expect(items.map((p) => p.pilotId)).toEqual([...pilots].reverse());
    for (const p of items) {
      for (const m of p.models) {
        const mine = replies.filter((r) => r.pilot === p.pilotId && r.model === m.modelId);
        const count = (key: (r: Reply) => string) => {
          const out: Record<string, number> = {};
          for (const r of mine) out[key(r)] = (out[key(r)] ?? 0) + 1;
          return out;
        };
        expect(m.replies).toBe(mine.length);
        expect(m.applied).toBe(mine.filter((r) => r.applied).length);
        expect(m.emptyDiffs).toBe(mine.filter((r) => r.empty).length);
        expect(m.shapes).toEqual(count((r) => r.shape));
        expect(m.endReasons).toEqual(count((r) => r.end));
        expect(m.inputTokens).toBe(mine.reduce((s, r) => s + r.input, 0));
        const costs = mine.flatMap((r) => (r.cost === null ? [] : [r.cost]));
        expect(m.costed).toBe(costs.length);
        if (costs.length === 0) expect(m.costUsd).toBeNull();
        else expect(m.costUsd).toBeCloseTo(costs.reduce((s, c) => s + c, 0), 9);
      }
      expect(p.replies).toBe(replies.filter((r) => r.pilot === p.pilotId).length);
    }
  });

  it("filters by pilot run and by model", async () => {
    const pilot = replies[0]?.pilot ?? "";
    const one = await cards({ pilot, limit: 10 });
    expect(one.items.map((p) => p.pilotId)).toEqual([pilot]);
    const model = "claude-sonnet-4";
    const byModel = await cards({ model, limit: 50 });
    expect(byModel.items.length).toBeGreaterThan(0);
    for (const p of byModel.items) expect(p.models.map((m) => m.modelId)).toEqual([model]);
    expect((await cards({ model: "no-such-model" })).items).toEqual([]);
  });

  it("refuses bad parameters", async () => {
    await refused((url) => handleScorecards(() => t.store, url), "limit=x", "limit");
    await refused((url) => handleScorecards(() => t.store, url), "pilot=", "pilot");
    await refused((url) => handleScorecards(() => t.store, url), "cursor=%%%", "cursor");
  });
});
