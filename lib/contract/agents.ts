import { z } from "zod";
import { streamSeqsSchema } from "./list";

export const COMPLETIONS = ["completed", "partial", "failed", "pending"] as const;

export const skillLiteTaskRowSchema = z.object({
  id: z.string(),
  description: z.string(),
  workspace: z.string(),
  completion: z.enum(COMPLETIONS),
  toolCalls: z.number().int().nullable(),
  totalTokens: z.number().int().nullable(),
});

export const skillLiteSummarySchema = z.object({
  tasks: z.number().int(),
  byCompletion: z.record(z.enum(COMPLETIONS), z.number().int()),
  /** Results per number of tool calls, in buckets 0, 1, 2, 3–5, 6–10, 11+. */
  toolCalls: z.array(z.object({ bucket: z.string(), results: z.number().int() })),
  tokens: z.object({ prompt: z.number().int(), completion: z.number().int(), total: z.number().int(), results: z.number().int() }),
  newSkills: z.array(z.object({ taskId: z.string(), name: z.string(), description: z.string(), path: z.string(), txnId: z.string() })),
  recentTasks: z.array(skillLiteTaskRowSchema),
  seq: streamSeqsSchema,
});
export type SkillLiteSummary = z.infer<typeof skillLiteSummarySchema>;

const nullableCount = z.number().int().nullable();

export const skillLiteResultFactsSchema = z.object({
  /** bare (swarm POST /task), agent-rpc ({"event":"done","data":…}), swarm-stream (?stream=1). */
  via: z.string().nullable(),
  /** The NodeResult's own task_id: a fresh UUID when the agent RPC wrote it. */
  payloadTaskId: z.string(),
  taskCompleted: z.boolean(),
  toolCalls: z.number().int(),
  completionType: z.string().nullable(),
  llmUsage: z.object({
    promptTokens: nullableCount,
    completionTokens: nullableCount,
    totalTokens: nullableCount,
    responsesWithUsage: nullableCount,
    responsesWithoutUsage: nullableCount,
  }),
  /** The WikiUpdateSuggestion as sent (JSON text), null when none. */
  wikiUpdateSuggestion: z.string().nullable(),
});
export type SkillLiteResultFacts = z.infer<typeof skillLiteResultFactsSchema>;

/** A swarm progress line or error body, or an agent RPC error, in arrival order. */
export const skillLiteEventSchema = z.object({
  via: z.string(),
  event: z.string(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  raw: z.string(),
  stream: z.string(),
  seq: z.number().int(),
});
export type SkillLiteEvent = z.infer<typeof skillLiteEventSchema>;

export const skillLiteTaskSchema = z.object({
  id: z.string(),
  /** NodeTask and the result message exactly as received (null when not received yet). */
  taskRaw: z.string().nullable(),
  resultRaw: z.string().nullable(),
  result: skillLiteResultFactsSchema.nullable(),
  events: z.array(skillLiteEventSchema),
});
export type SkillLiteTask = z.infer<typeof skillLiteTaskSchema>;

export const benchmarkRunSchema = z.object({
  runId: z.string(),
  kind: z.string(),
  taskId: z.string(),
  policyId: z.string(),
  startedMs: z.number().nullable(),
  stoppedMs: z.number().nullable(),
  steps: z.number().int(),
  toolCalls: z.number().int(),
  failures: z.number().int(),
  /** Tool calls per exit kind (Ok, Timeout, Deterministic, …). */
  exitKinds: z.record(z.string(), z.number().int()),
  /** The first failure's root kind, when the run failed. */
  failureRoot: z.string().nullable(),
});
export const benchmarkRunsSchema = z.object({
  runs: z.array(benchmarkRunSchema),
  /** Tool calls per exit kind over every run listed. */
  exitKinds: z.record(z.string(), z.number().int()),
  seq: streamSeqsSchema,
});
export type BenchmarkRuns = z.infer<typeof benchmarkRunsSchema>;
