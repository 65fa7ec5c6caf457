import type { ModelComparison } from "./compare";
import { SHAPES, type ModelScorecard, type Rate } from "./figures";

export type Cell = string | number | null;

const RATE_KEYS = [...SHAPES, "structured", "disqualified", "applied"] as const;
type RateKey = (typeof RATE_KEYS)[number];

function rateOf(s: ModelScorecard, key: RateKey): Rate {
  return key === "structured" || key === "disqualified" || key === "applied" ? s[key] : s.shapes[key];
}

/** A scorecard as a flat table (the CSV and JSON exports, and the round-trip test). */
export function scorecardTable(models: readonly ModelScorecard[]): { columns: string[]; rows: Cell[][] } {
  const ends = [...new Set(models.flatMap((m) => Object.keys(m.endReasons)))].sort();
  const columns = [
    "model",
    "replies",
    ...RATE_KEYS.flatMap((k) => [`${k}_k`, `${k}_rate`, `${k}_low95`, `${k}_high95`]),
    ...ends.map((e) => `end_${e}`),
    "hallucinations",
    "hallucinations_per_reply",
    "input_tokens",
    "output_tokens",
    "with_usage",
    "cost_usd",
    "cost_usd_reported",
    "costed",
    "cost_per_applied_usd",
    "elapsed_p50_ms",
    "elapsed_p95_ms",
    "timed",
  ];
  const rows = models.map((m): Cell[] => [
    m.modelId,
    m.replies,
    ...RATE_KEYS.flatMap((k) => {
      const r = rateOf(m, k);
      return [r.k, r.value, r.low, r.high];
    }),
    ...ends.map((e) => m.endReasons[e] ?? 0),
    m.hallucinations,
    m.hallucinationsPerReply,
    m.inputTokens,
    m.outputTokens,
    m.withUsage,
    // The total only when every reply reported a cost; absent costs are unknown, not $0.
    m.costed === m.replies ? m.costUsd : null,
    m.costUsd,
    m.costed,
    m.costPerApplied,
    m.elapsedP50,
    m.elapsedP95,
    m.timed,
  ]);
  return { columns, rows };
}

/** A comparison as a flat table: one row per model and compared rate. */
export function comparisonTable(models: readonly ModelComparison[]): { columns: string[]; rows: Cell[][] } {
  return {
    columns: ["model", "rate", "a_k", "a_n", "a_rate", "a_low95", "a_high95", "b_k", "b_n", "b_rate", "b_low95", "b_high95", "delta", "verdict"],
    rows: models.flatMap((m) =>
      m.changes.map((c): Cell[] => [
        m.modelId,
        c.key,
        c.before?.k ?? null,
        c.before?.n ?? null,
        c.before?.value ?? null,
        c.before?.low ?? null,
        c.before?.high ?? null,
        c.after?.k ?? null,
        c.after?.n ?? null,
        c.after?.value ?? null,
        c.after?.low ?? null,
        c.after?.high ?? null,
        c.delta,
        c.verdict,
      ]),
    ),
  };
}
