import { nearestRank } from "./percentile";
import { wilson, type Interval } from "./wilson";

/** What a scorecard needs of one TaskReply (absent metrics are null, hallucinations 0). */
export interface ReplyFacts {
  modelId: string;
  shape: string | null;
  emptyDiff: boolean;
  applied: boolean;
  endReason: string | null;
  hallucinations: number;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  elapsedMs: number | null;
}

export const SHAPES = ["whole_files", "unified_diff", "prose", "missing"] as const;
export type ShapeKey = (typeof SHAPES)[number];

/** A rate: k of n, its value and its 95% Wilson interval (n = 0: value null, interval [0, 1]). */
export interface Rate extends Interval {
  k: number;
  n: number;
  value: number | null;
}

export function rate(k: number, n: number): Rate {
  return { k, n, value: n === 0 ? null : k / n, ...wilson(k, n) };
}

export interface ModelScorecard {
  modelId: string;
  replies: number;
  shapes: Record<ShapeKey, Rate>;
  /** whole_files or unified_diff: the reply had a structured emission. */
  structured: Rate;
  /** empty_diff: disqualified before review. */
  disqualified: Rate;
  applied: Rate;
  /** By end_reason; "missing" when the reply carried none. */
  endReasons: Record<string, number>;
  hallucinations: number;
  hallucinationsPerReply: number | null;
  /** Token sums over the replies that reported usage (`withUsage` of them). */
  inputTokens: number;
  outputTokens: number;
  withUsage: number;
  /**
   * Sum of `cost_usd` over the replies that reported one (`costed` of them); null when none
   * did. An absent `cost_usd` is unknown, never $0: the total is only known when
   * `costed === replies`, and below that this sum is a lower bound.
   */
  costUsd: number | null;
  costed: number;
  /** Total cost / applied replies; null unless every reply reported a cost and one applied. */
  costPerApplied: number | null;
  elapsedP50: number | null;
  elapsedP95: number | null;
  /** Replies that reported an elapsed time. */
  timed: number;
}

function shapeOf(r: ReplyFacts): ShapeKey {
  return r.shape === "whole_files" || r.shape === "unified_diff" || r.shape === "prose" ? r.shape : "missing";
}

/** Every figure of one model's scorecard over `replies` (all of that model). */
export function modelScorecard(modelId: string, replies: readonly ReplyFacts[]): ModelScorecard {
  const n = replies.length;
  const shapeCounts: Record<ShapeKey, number> = { whole_files: 0, unified_diff: 0, prose: 0, missing: 0 };
  const endReasons: Record<string, number> = {};
  let disqualified = 0;
  let applied = 0;
  let hallucinations = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let withUsage = 0;
  let costUsd = 0;
  let costed = 0;
  const elapsed: number[] = [];
  for (const r of replies) {
    shapeCounts[shapeOf(r)]++;
    const end = r.endReason ?? "missing";
    endReasons[end] = (endReasons[end] ?? 0) + 1;
    if (r.emptyDiff) disqualified++;
    if (r.applied) applied++;
    hallucinations += r.hallucinations;
    if (r.inputTokens !== null || r.outputTokens !== null) {
      withUsage++;
      inputTokens += r.inputTokens ?? 0;
      outputTokens += r.outputTokens ?? 0;
    }
    if (r.costUsd !== null) {
      costed++;
      costUsd += r.costUsd;
    }
    if (r.elapsedMs !== null) elapsed.push(r.elapsedMs);
  }
  return {
    modelId,
    replies: n,
    shapes: {
      whole_files: rate(shapeCounts.whole_files, n),
      unified_diff: rate(shapeCounts.unified_diff, n),
      prose: rate(shapeCounts.prose, n),
      missing: rate(shapeCounts.missing, n),
    },
    structured: rate(shapeCounts.whole_files + shapeCounts.unified_diff, n),
    disqualified: rate(disqualified, n),
    applied: rate(applied, n),
    endReasons,
    hallucinations,
    hallucinationsPerReply: n === 0 ? null : hallucinations / n,
    inputTokens,
    outputTokens,
    withUsage,
    costUsd: costed === 0 ? null : costUsd,
    costed,
    costPerApplied: applied === 0 || costed < n ? null : costUsd / applied,
    elapsedP50: nearestRank(elapsed, 50),
    elapsedP95: nearestRank(elapsed, 95),
    timed: elapsed.length,
  };
}

/** One scorecard per model, models in name order. */
export function scorecardsByModel(replies: readonly ReplyFacts[]): ModelScorecard[] {
  const byModel = new Map<string, ReplyFacts[]>();
  for (const r of replies) {
    const list = byModel.get(r.modelId);
    if (list) list.push(r);
    else byModel.set(r.modelId, [r]);
  }
  return [...byModel.keys()].sort().map((m) => modelScorecard(m, byModel.get(m) ?? []));
}
