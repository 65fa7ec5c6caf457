import { z } from "zod";
import { streamSeqsSchema } from "./list-schema";

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

export const skillLiteTaskSchema = z.object({
  id: z.string(),
  /** NodeTask and NodeResult exactly as received (null when not received yet). */
  taskRaw: z.string().nullable(),
  resultRaw: z.string().nullable(),
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
