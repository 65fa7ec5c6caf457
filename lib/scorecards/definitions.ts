/**
 * What every scorecard figure means: shown in the UI, written at the top of every export
 * and in the README. Pilot defines the scorecard (no public format exists).
 */
export const FIGURE_DEFINITIONS: readonly [string, string][] = [
  ["replies", "TaskReplies attributed to the model (model_id) in scope: one pilot run, or every reply JetStream stored in the time range."],
  ["whole_files / unified_diff / prose / missing", "share of replies by emission_shape; missing = the reply carried no emission_shape."],
  ["structured", "share of replies whose emission_shape is whole_files or unified_diff."],
  ["disqualified", "share of replies with empty_diff = true (disqualified before review)."],
  ["applied", "share of replies with diff_applied = true."],
  ["end reasons", "replies per metrics.end_reason; missing = no metrics or no end_reason."],
  ["hallucinations per reply", "sum of metrics.hallucinations (absent = 0) divided by replies."],
  ["input / output tokens", "sums of metrics.usage over the replies that reported usage (with usage)."],
  ["cost", "sum of metrics.cost_usd when every reply reported one; an absent cost_usd is unknown (never $0) and 0.0 is confirmed free. When only some did (costed of replies), the sum of those is shown as a lower bound (≥, cost_usd_reported in exports) and cost_usd is empty. Cost per applied diff = cost / applied replies, only when the cost is known."],
  ["elapsed p50 / p95", "nearest-rank percentiles of metrics.elapsed_ms over the replies that reported it (timed)."],
  ["95% interval", "Wilson score interval of each share (Newcombe 1998, method 3); n = 0 gives [0, 1]."],
  ["regression / improvement", "both sides have at least 30 replies and the two 95% intervals do not overlap; fewer replies: small sample, never flagged."],
  ["drift", "a model's prose share in a time bucket whose interval does not overlap the previous bucket's."],
];
