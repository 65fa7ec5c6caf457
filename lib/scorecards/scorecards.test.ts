import { describe, expect, it } from "vitest";
import { compareScorecards, judge, SMALL_SAMPLE } from "./compare";
import { modelScorecard, rate, scorecardsByModel, type ReplyFacts } from "./figures";
import { parseWholeFiles } from "./file-blocks";
import { nearestRank } from "./percentile";
import { scorecardTable } from "./table";
import { autoBucket, trends, type TimedReply } from "./trends";
import { wilson } from "./wilson";

const reply = (over: Partial<ReplyFacts> = {}): ReplyFacts => ({
  modelId: "alpha",
  shape: "whole_files",
  emptyDiff: false,
  applied: true,
  endReason: "completed",
  hallucinations: 0,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  elapsedMs: null,
  ...over,
});

describe("wilson", () => {
  // Published values: Newcombe (1998), Stat Med 17:857, Table I, method 3; and the same
  // method as statsmodels' proportion_confint(k, n, method="wilson").
  it.each([
    [0, 0, 0, 1],
    [0, 1, 0, 0.7935],
    [1, 1, 0.2065, 1],
    [0, 10, 0, 0.2775],
    [1, 10, 0.0179, 0.4042],
    [5, 10, 0.2366, 0.7634],
    [500, 1000, 0.4691, 0.5309],
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i of %i → [%f, %f]", (k, n, low, high) => {
    const w = wilson(k, n);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });

  it("refuses impossible counts", () => {
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
  });
});

describe("nearestRank", () => {
  it.each([
    [[], 50, null],
    [[7], 95, 7],
    [[3000, 1000, 2000], 50, 2000],
    [[3000, 1000, 2000], 95, 3000],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95],
  ])("%j p%i → %s", (values, p, want) => expect(nearestRank(values, p)).toBe(want));
});

describe("modelScorecard", () => {
  const alpha = [
    reply({ shape: "whole_files", inputTokens: 100, outputTokens: 50, costUsd: 0.01, elapsedMs: 1000 }),
    reply({ shape: "unified_diff", hallucinations: 1, inputTokens: 200, outputTokens: 80, costUsd: 0.02, elapsedMs: 3000 }),
    reply({ shape: "prose", applied: false, emptyDiff: true, endReason: "narration_cap_exhausted", hallucinations: 2, inputTokens: 150, outputTokens: 20, costUsd: 0.005, elapsedMs: 2000 }),
    // No metrics at all: no end reason, usage, cost or time.
    reply({ shape: null, applied: false, endReason: null }),
  ];

  it("computes every figure of a mixed model, hand-checked", () => {
    const s = modelScorecard("alpha", alpha);
    expect(s.replies).toBe(4);
    expect(Object.fromEntries(Object.entries(s.shapes).map(([k, r]) => [k, [r.k, r.n, r.value]]))).toEqual({
      whole_files: [1, 4, 0.25],
      unified_diff: [1, 4, 0.25],
      prose: [1, 4, 0.25],
      missing: [1, 4, 0.25],
    });
    expect([s.structured.k, s.structured.value]).toEqual([2, 0.5]);
    expect([s.disqualified.k, s.disqualified.value]).toEqual([1, 0.25]);
    expect([s.applied.k, s.applied.value]).toEqual([2, 0.5]);
    expect(s.applied.low).toBeCloseTo(0.1500, 4);
    expect(s.applied.high).toBeCloseTo(0.8500, 4);
    expect(s.endReasons).toEqual({ completed: 2, narration_cap_exhausted: 1, missing: 1 });
    expect([s.hallucinations, s.hallucinationsPerReply]).toEqual([3, 0.75]);
    expect([s.inputTokens, s.outputTokens, s.withUsage]).toEqual([450, 150, 3]);
    // The fourth reply stated no cost: the sum is a lower bound, the cost per diff unknown.
    expect(s.costUsd).toBeCloseTo(0.035, 10);
    expect(s.costed).toBe(3);
    expect(s.costPerApplied).toBeNull();
    expect([s.elapsedP50, s.elapsedP95, s.timed]).toEqual([2000, 3000, 3]);
  });

  it("handles a model with only prose: nothing structured, nothing applied, no cost per diff", () => {
    const s = modelScorecard("talker", [1, 2, 3].map(() => reply({ modelId: "talker", shape: "prose", applied: false, costUsd: 0.01 })));
    expect([s.shapes.prose.value, s.structured.value, s.applied.value]).toEqual([1, 0, 0]);
    expect(s.structured.high).toBeCloseTo(0.5615, 4);
    expect(s.shapes.prose.low).toBeCloseTo(0.4385, 4);
    expect(s.costPerApplied).toBeNull();
  });

  it("keeps an absent cost_usd unknown and 0.0 free", () => {
    const free = [reply({ costUsd: 0 }), reply({ costUsd: 0, applied: false })];
    expect(modelScorecard("local", free)).toMatchObject({ costUsd: 0, costed: 2, costPerApplied: 0 });
    const silent = [reply({}), reply({ applied: false })];
    expect(modelScorecard("self-hosted", silent)).toMatchObject({ costUsd: null, costed: 0, costPerApplied: null });
    const costed = [reply({ costUsd: 0.02 }), reply({ costUsd: 0.01, applied: false })];
    expect(modelScorecard("paid", costed).costPerApplied).toBeCloseTo(0.03, 10);
  });

  it("writes an unknown cost as an empty cell in the export, never 0", () => {
    const models = scorecardsByModel([
      reply({ modelId: "free", costUsd: 0 }),
      reply({ modelId: "part", costUsd: 0.02 }),
      reply({ modelId: "part" }),
      reply({ modelId: "silent" }),
    ]);
    const { columns, rows } = scorecardTable(models);
    const cell = (model: string, column: string) => rows.find((r) => r[0] === model)?.[columns.indexOf(column)];
    expect(["free", "part", "silent"].map((m) => [cell(m, "cost_usd"), cell(m, "cost_usd_reported"), cell(m, "costed")])).toEqual([
      [0, 0, 1],
      [null, 0.02, 1],
      [null, null, 0],
    ]);
  });

  it("gives an empty group no rates, an interval of [0, 1] and no percentiles", () => {
    const s = modelScorecard("nobody", []);
    expect([s.replies, s.applied.value, s.applied.low, s.applied.high]).toEqual([0, null, 0, 1]);
    expect([s.hallucinationsPerReply, s.costPerApplied, s.elapsedP50, s.elapsedP95]).toEqual([null, null, null, null]);
    expect(s.endReasons).toEqual({});
  });

  it("groups replies by model, in name order", () => {
    const list = scorecardsByModel([reply({ modelId: "b" }), reply({ modelId: "a" }), reply({ modelId: "b", applied: false })]);
    expect(list.map((s) => [s.modelId, s.replies, s.applied.k])).toEqual([["a", 1, 1], ["b", 2, 1]]);
  });
});

describe("compare", () => {
  const prose = (modelId: string, k: number, n: number) =>
    modelScorecard(modelId, Array.from({ length: n }, (_, i) => reply({ modelId, shape: i < k ? "prose" : "whole_files" })));

  it("flags a prose rate going from 10% to 40% over 200 replies as a regression", () => {
    const [c] = compareScorecards([prose("m", 20, 200)], [prose("m", 80, 200)]);
    const change = c?.changes.find((x) => x.key === "prose");
    expect(change?.verdict).toBe("regression");
    expect(change?.delta).toBeCloseTo(0.3, 10);
    expect(c?.changes.find((x) => x.key === "structured")?.verdict).toBe("regression");
  });

  it("labels the same change over 5 replies a small sample instead of flagging it", () => {
    const [c] = compareScorecards([prose("m", 0, 5)], [prose("m", 2, 5)]);
    expect(c?.changes.find((x) => x.key === "prose")?.verdict).toBe("small-sample");
  });

  it("calls overlapping intervals no change, the better direction an improvement, and a missing side missing", () => {
    expect(judge(rate(50, 100), rate(55, 100), "higher")).toBe("no-change");
    expect(judge(rate(20, 100), rate(60, 100), "higher")).toBe("improvement");
    expect(judge(rate(60, 100), rate(20, 100), "lower")).toBe("improvement");
    expect(judge(rate(SMALL_SAMPLE - 1, SMALL_SAMPLE - 1), rate(0, 100), "higher")).toBe("small-sample");
    const [c] = compareScorecards([], [prose("new", 1, 40)]);
    expect(c?.changes.every((x) => x.verdict === "missing")).toBe(true);
  });
});

describe("trends", () => {
  const at = (h: number, over: Partial<ReplyFacts> = {}): TimedReply => ({ ...reply(over), atMs: Date.UTC(2026, 0, 1, h) });

  it("chooses the bucket from the range", () => {
    expect(autoBucket(0, 30 * 60_000)).toBe("1m");
    expect(autoBucket(0, 24 * 3_600_000)).toBe("1h");
    expect(autoBucket(0, 30 * 86_400_000)).toBe("1d");
    expect(autoBucket(0, 5 * 365 * 86_400_000)).toBe("7d");
  });

  it("rates each bucket and marks a prose drift beyond the intervals", () => {
    const replies = [
      ...Array.from({ length: 100 }, (_, i) => at(0, { shape: i < 5 ? "prose" : "whole_files" })),
      ...Array.from({ length: 100 }, (_, i) => at(1, { shape: i < 8 ? "prose" : "whole_files" })),
      ...Array.from({ length: 100 }, (_, i) => at(2, { shape: i < 50 ? "prose" : "whole_files" })),
    ];
    const [t] = trends(replies, "1h");
    expect(t?.points.map((p) => [p.replies, p.prose.k, p.drift])).toEqual([
      [100, 5, false],
      [100, 8, false],
      [100, 50, true],
    ]);
  });
});

describe("parseWholeFiles", () => {
  it("splits FILE blocks and keeps the narration and an unterminated block", () => {
    const parsed = parseWholeFiles("Here is the fix.\nFILE: src/a.rs\nfn a() {}\nEND-FILE\nFILE: README.md\n# Title\n\ntext\nEND-FILE\nFILE: cut.txt\npartial");
    expect(parsed.files).toEqual([
      { path: "src/a.rs", body: "fn a() {}", unterminated: false },
      { path: "README.md", body: "# Title\n\ntext", unterminated: false },
      { path: "cut.txt", body: "partial", unterminated: true },
    ]);
    expect(parsed.outside).toBe("Here is the fix.");
  });
});
