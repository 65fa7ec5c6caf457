import { z } from "zod";
import { listAnswerSchema, nsStringSchema } from "./list";

/** One model's record over a pilot run's replies (Pilot's own scorecard format). */
export const modelScoreSchema = z.object({
  modelId: z.string(),
  replies: z.number().int(),
  /** By emission shape; `unknown` = the reply stated none. */
  shapes: z.record(z.string(), z.number().int()),
  applied: z.number().int(),
  emptyDiffs: z.number().int(),
  hallucinations: z.number().int(),
  /** Sum over the replies that stated a cost; null when none did (unknown, never $0). */
  costUsd: z.number().nullable(),
  /** Replies that stated a cost (self-hosted models state none). */
  costed: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  elapsedMsAvg: z.number().nullable(),
  /** By end reason; `unknown` = the reply stated none. */
  endReasons: z.record(z.string(), z.number().int()),
});
export type ModelScore = z.infer<typeof modelScoreSchema>;

export const pilotScorecardSchema = z.object({
  pilotId: z.string(),
  stream: z.string(),
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  firstNs: nsStringSchema.nullable(),
  lastNs: nsStringSchema.nullable(),
  replies: z.number().int(),
  models: z.array(modelScoreSchema),
});
export type PilotScorecard = z.infer<typeof pilotScorecardSchema>;

export const scorecardListSchema = listAnswerSchema(pilotScorecardSchema);
export type ScorecardList = z.infer<typeof scorecardListSchema>;
