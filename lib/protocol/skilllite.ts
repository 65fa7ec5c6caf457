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

/**
 * Token usage the agent adds to a finished result (`LlmUsageTotals`): sums over the run's
 * LLM calls, and how many responses did and did not report usage. The RPC writes `{}`
 * when serializing fails, so every count may be absent; other keys are kept.
 */
export const llmUsageSchema = z.looseObject({
  prompt_tokens: count.optional(),
  completion_tokens: count.optional(),
  total_tokens: count.optional(),
  responses_with_usage: count.optional(),
  responses_without_usage: count.optional(),
});
export type LlmUsage = z.output<typeof llmUsageSchema>;

/**
 * `WikiUpdateSuggestion`: the agent asks whether a hard run should become a Repo Wiki
 * lesson. Kept whole (it is shown as sent); the fields Pilot names are checked.
 */
export const wikiUpdateSuggestionSchema = z.looseObject({
  trigger: z.string(),
  replan_count: count.optional(),
  failed_tool_count: count.optional(),
  failed_tools: z.array(z.string()).optional(),
  error_summaries: z.array(z.string()).optional(),
  proposed_title: z.string().optional(),
  proposed_lesson: z.string().optional(),
});
export type WikiUpdateSuggestion = z.output<typeof wikiUpdateSuggestionSchema>;

/** `task_id` echoes the task's id when the caller gave one, else a generated UUID. */
export const nodeResultSchema = z.looseObject({
  task_id: nonEmptyString,
  response: z.string(),
  task_completed: z.boolean(),
  tool_calls: count,
  new_skill: newSkillSchema.nullish(),
  completion_type: completionTypeSchema.nullish(),
  llm_usage: llmUsageSchema.nullish(),
  wiki_update_suggestion: wikiUpdateSuggestionSchema.nullish(),
});
export type NodeResult = z.output<typeof nodeResultSchema>;
