import { z } from "zod";
import { count, nonEmptyString, openEnum } from "./primitives";

// SkillLite `skilllite-core/src/protocol.rs`. Fields that Rust skips when `None` are
// absent on the wire; `null` is accepted too, since serde reads it back the same way.

export const nodeContextSchema = z.looseObject({
  workspace: z.string(),
  session_key: z.string(),
  required_capabilities: z.array(z.string()).default([]),
});
export type NodeContext = z.output<typeof nodeContextSchema>;

export const nodeTaskSchema = z.looseObject({
  id: nonEmptyString,
  description: z.string(),
  context: nodeContextSchema,
  tool_hint: z.string().nullish(),
});
export type NodeTask = z.output<typeof nodeTaskSchema>;

export const newSkillSchema = z.looseObject({
  name: z.string(),
  description: z.string(),
  path: z.string(),
  txn_id: z.string(),
});
export type NewSkill = z.output<typeof newSkillSchema>;

export const COMPLETION_TYPES = ["success", "partial_success", "failure"] as const;
export const completionTypeSchema = openEnum(COMPLETION_TYPES);
export type CompletionType = z.output<typeof completionTypeSchema>;

/** Token usage some producers add to a finished result; other keys are kept. */
export const llmUsageSchema = z.looseObject({
  prompt_tokens: count.optional(),
  completion_tokens: count.optional(),
  total_tokens: count.optional(),
});
export type LlmUsage = z.output<typeof llmUsageSchema>;

/** `task_id` echoes the task's id when the caller gave one, else a generated UUID. */
export const nodeResultSchema = z.looseObject({
  task_id: nonEmptyString,
  response: z.string(),
  task_completed: z.boolean(),
  tool_calls: count,
  new_skill: newSkillSchema.nullish(),
  completion_type: completionTypeSchema.nullish(),
  llm_usage: llmUsageSchema.nullish(),
});
export type NodeResult = z.output<typeof nodeResultSchema>;
