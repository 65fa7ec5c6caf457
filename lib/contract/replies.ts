import { z } from "zod";
import { listAnswerSchema, nsStringSchema, streamSeqsSchema } from "./list";

const rateSchema = z.object({
  k: z.number().int(),
  n: z.number().int(),
  value: z.number().nullable(),
  low: z.number(),
  high: z.number(),
});

export const modelScorecardSchema = z.object({
  modelId: z.string(),
  replies: z.number().int(),
  shapes: z.object({ whole_files: rateSchema, unified_diff: rateSchema, prose: rateSchema, missing: rateSchema }),
  structured: rateSchema,
  disqualified: rateSchema,
  applied: rateSchema,
  endReasons: z.record(z.string(), z.number().int()),
  hallucinations: z.number().int(),
  hallucinationsPerReply: z.number().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  withUsage: z.number().int(),
  costUsd: z.number().nullable(),
  costed: z.number().int(),
  costPerApplied: z.number().nullable(),
  elapsedP50: z.number().nullable(),
  elapsedP95: z.number().nullable(),
  timed: z.number().int(),
});
export type ModelScorecardAnswer = z.infer<typeof modelScorecardSchema>;

/** What a scorecard covers: one pilot run, or every reply in a time range. */
export const scopeSchema = z.object({
  pilot: z.string().nullable(),
  fromMs: z.number().nullable(),
  toMs: z.number().nullable(),
  model: z.string().nullable(),
});
export type Scope = z.infer<typeof scopeSchema>;

export const modelScorecardsSchema = z.object({
  scope: scopeSchema,
  replies: z.number().int(),
  models: z.array(modelScorecardSchema),
  seq: streamSeqsSchema,
});
export type ModelScorecards = z.infer<typeof modelScorecardsSchema>;

export const replySummarySchema = z.object({
  id: z.number().int(),
  pilotId: z.string(),
  taskId: z.string(),
  modelId: z.string(),
  shape: z.string().nullable(),
  emptyDiff: z.boolean(),
  applied: z.boolean(),
  endReason: z.string().nullable(),
  hallucinations: z.number().int(),
  elapsedMs: z.number().nullable(),
  costUsd: z.number().nullable(),
  publishedNs: nsStringSchema.nullable(),
});
export type ReplySummary = z.infer<typeof replySummarySchema>;

export const replyListSchema = listAnswerSchema(replySummarySchema);
export type ReplyList = z.infer<typeof replyListSchema>;

export const replyDetailSchema = replySummarySchema.extend({
  endpoint: z.string().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  stream: z.string(),
  seq: z.number().int(),
  /** The TaskReply exactly as received. */
  raw: z.string(),
});
export type ReplyDetail = z.infer<typeof replyDetailSchema>;
