import { z } from "zod";
import { externalTagError, f64, jsonValue, rfc3339, u32, u64, uuid } from "./primitives";

export const BENCHMARK_EVENT_TYPES = [
  "RunStart",
  "RunStop",
  "Step",
  "ToolCall",
  "ContextDecision",
  "Failure",
  "OptimizerUpdate",
] as const;
export type BenchmarkEventTypeName = (typeof BENCHMARK_EVENT_TYPES)[number];

/**
 * `event_type` is externally tagged: `{"RunStart": {...}}`. A variant without fields is
 * written by serde as the bare string (`"RunStop"`), so both forms are accepted. The
 * tag object must hold exactly one key, which is why it is strict; its payload is kept.
 */
export const benchmarkEventTypeSchema = z.union(
  [
    z.enum(BENCHMARK_EVENT_TYPES),
    z.strictObject({ RunStart: jsonValue }),
    z.strictObject({ RunStop: jsonValue }),
    z.strictObject({ Step: jsonValue }),
    z.strictObject({ ToolCall: jsonValue }),
    z.strictObject({ ContextDecision: jsonValue }),
    z.strictObject({ Failure: jsonValue }),
    z.strictObject({ OptimizerUpdate: jsonValue }),
  ],
  { error: externalTagError(BENCHMARK_EVENT_TYPES, BENCHMARK_EVENT_TYPES) },
);
export type BenchmarkEventType = z.output<typeof benchmarkEventTypeSchema>;

/** The variant name of an `event_type`, whichever form it came in. */
export function benchmarkEventTypeName(eventType: BenchmarkEventType): BenchmarkEventTypeName {
  if (typeof eventType === "string") return eventType;
  for (const name of BENCHMARK_EVENT_TYPES) {
    if (Object.hasOwn(eventType, name)) return name;
  }
  // The schema admits exactly one known key, so this is unreachable for parsed values.
  throw new TypeError("event_type carries no known variant");
}

export const benchmarkEventSchema = z.looseObject({
  run_id: uuid,
  task_id: z.string(),
  step_id: uuid,
  ts: rfc3339,
  policy_id: z.string(),
  cfg_hash: z.string(),
  env_hash: z.string(),
  seed: u64,
  event_type: benchmarkEventTypeSchema,
  data: jsonValue,
});
export type BenchmarkEvent = z.output<typeof benchmarkEventSchema>;

/**
 * `TaskFeatures` (smith-protocol benchmark.rs), published on
 * `smith.benchmark.task_features.<task_id>` (`BenchmarkSubject::task_features`): the
 * features of a task for contextual optimization. It is no BenchmarkEvent, and carries no
 * task id: the subject's last token is the task.
 */
export const taskFeaturesSchema = z.looseObject({
  repo_size_mb: f64,
  file_count: u32,
  language_mix: z.record(z.string(), f64),
  dependency_count: u32,
  test_count: u32,
  complexity_score: f64,
  domain: z.string(),
  historical_failure_rate: f64,
  avg_completion_time_ms: u64,
});
export type TaskFeatures = z.output<typeof taskFeaturesSchema>;
