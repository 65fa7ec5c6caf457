import { z } from "zod";
import { count, f64, openEnum } from "./primitives";

// Newt-Agent: what a coder turn returns (`newt-acp-worker` TaskReply, `newt-core`
// TurnMetrics). Optional fields are skipped by the producer when `None`.

/** Wire-stable constants of `plugins_protocol::emission_shape`. */
export const EMISSION_SHAPES = ["whole_files", "unified_diff", "prose"] as const;
export type KnownEmissionShape = (typeof EMISSION_SHAPES)[number];
export const emissionShapeSchema = openEnum(EMISSION_SHAPES);
export type EmissionShape = z.output<typeof emissionShapeSchema>;

/** Newt adds end reasons over time; an unknown one is kept and shown as is. */
export const END_REASONS = [
  "completed",
  "awaiting_operator",
  "narration_cap_exhausted",
  "narration_final_round",
  "round_cap",
  "empty",
  "cancelled",
  "failed",
] as const;
export type KnownEndReason = (typeof END_REASONS)[number];
export const endReasonSchema = openEnum(END_REASONS);
export type EndReason = z.output<typeof endReasonSchema>;

export const turnUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
});
export type TurnUsage = z.output<typeof turnUsageSchema>;

/** `hallucinations` is left out when 0. */
export const turnMetricsSchema = z.looseObject({
  elapsed_ms: count,
  usage: turnUsageSchema.nullish(),
  cost_usd: f64.nullish(),
  model_id: z.string(),
  endpoint: z.string(),
  hallucinations: count.optional(),
  end_reason: endReasonSchema.nullish(),
});
export type TurnMetrics = z.output<typeof turnMetricsSchema>;

/**
 * One coder turn's reply. `model_id` is mandatory and non-empty (the reply is attributed
 * to it); `empty_diff: true` means the reply was disqualified before review.
 */
export const taskReplySchema = z.looseObject({
  model_id: z.string().min(1, { error: "must not be empty: a reply is attributed to its model" }),
  content: z.string(),
  diff: z.string(),
  empty_diff: z.boolean(),
  diff_applied: z.boolean(),
  emission_shape: emissionShapeSchema.nullish(),
  raw_emission: z.string().nullish(),
  metrics: turnMetricsSchema.nullish(),
});
export type TaskReply = z.output<typeof taskReplySchema>;
