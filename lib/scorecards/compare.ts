import type { ModelScorecard, Rate } from "./figures";
import { overlaps } from "./wilson";

/** Below this many replies on either side a change is labelled, never flagged. */
export const SMALL_SAMPLE = 30;

/** The rates a comparison judges, and which way is better. */
export const COMPARED_RATES = [
  { key: "structured", label: "structured emission", better: "higher" },
  { key: "prose", label: "prose", better: "lower" },
  { key: "disqualified", label: "disqualified (empty diff)", better: "lower" },
  { key: "applied", label: "applied", better: "higher" },
] as const;
export type ComparedRate = (typeof COMPARED_RATES)[number]["key"];

export type Verdict = "regression" | "improvement" | "no-change" | "small-sample" | "missing";

export interface RateChange {
  key: ComparedRate;
  before: Rate | null;
  after: Rate | null;
  /** after − before, when both have a value. */
  delta: number | null;
  verdict: Verdict;
}

export function rateOf(s: ModelScorecard, key: ComparedRate): Rate {
  return key === "prose" ? s.shapes.prose : s[key];
}

/**
 * Judges a change: only when both sides have at least SMALL_SAMPLE replies and their 95%
 * intervals do not overlap is it a regression or an improvement (by which way is better).
 */
export function judge(before: Rate | null, after: Rate | null, better: "higher" | "lower"): Verdict {
  if (!before || !after || before.value === null || after.value === null) return "missing";
  if (before.n < SMALL_SAMPLE || after.n < SMALL_SAMPLE) return "small-sample";
  if (overlaps(before, after)) return "no-change";
  const up = after.value > before.value;
  return up === (better === "higher") ? "improvement" : "regression";
}

export interface ModelComparison {
  modelId: string;
  before: ModelScorecard | null;
  after: ModelScorecard | null;
  changes: RateChange[];
}

/** Pilot A (before, or a pinned baseline) against pilot B (after), model by model. */
export function compareScorecards(before: readonly ModelScorecard[], after: readonly ModelScorecard[]): ModelComparison[] {
  const a = new Map(before.map((s) => [s.modelId, s]));
  const b = new Map(after.map((s) => [s.modelId, s]));
  const models = [...new Set([...a.keys(), ...b.keys()])].sort();
  return models.map((modelId) => {
    const x = a.get(modelId) ?? null;
    const y = b.get(modelId) ?? null;
    return {
      modelId,
      before: x,
      after: y,
      changes: COMPARED_RATES.map(({ key, better }) => {
        const r0 = x ? rateOf(x, key) : null;
        const r1 = y ? rateOf(y, key) : null;
        const delta = r0?.value != null && r1?.value != null ? r1.value - r0.value : null;
        return { key, before: r0, after: r1, delta, verdict: judge(r0, r1, better) };
      }),
    };
  });
}
