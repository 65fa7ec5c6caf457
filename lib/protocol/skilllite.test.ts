import { describe, expect, it } from "vitest";
import { validate } from "./issues";
import { parseLossless, stringifyLossless } from "./json";
import { nodeResultSchema, nodeTaskSchema } from "./skilllite";
import {
  child,
  mutate,
  NODE_RESULT_FULL_RAW,
  NODE_RESULT_RAW,
  NODE_TASK_RAW,
} from "./test-fixtures";

type Edit = (value: Record<string, unknown>) => void;

describe("nodeTaskSchema", () => {
  it("defaults absent required_capabilities to [] and leaves tool_hint absent", () => {
    const task = nodeTaskSchema.parse(parseLossless(NODE_TASK_RAW));
    expect(task.context.required_capabilities).toEqual([]);
    expect(task).not.toHaveProperty("tool_hint");
  });

  it.each([
    [
      "capabilities and a tool hint",
      mutate(
        NODE_TASK_RAW,
        (v) => (
          (child(v, "context").required_capabilities = ["python", "web"]),
          (v.tool_hint = "pytest")
        ),
      ),
    ],
    ["a null tool hint", mutate(NODE_TASK_RAW, (v) => (v.tool_hint = null))],
  ])("accepts %s", (_name, raw) => {
    expect(nodeTaskSchema.safeParse(parseLossless(raw)).success).toBe(true);
  });

  it.each<[string, Edit, string]>([
    ["a missing context", (v) => delete v.context, "context: missing, expected object"],
    [
      "capabilities as a string",
      (v) => (child(v, "context").required_capabilities = "python"),
      "context.required_capabilities: expected array, got string",
    ],
    ["a numeric id", (v) => (v.id = 7), "id: expected string, got number"],
  ])("rejects %s", (_name, edit, reason) => {
    const result = validate(nodeTaskSchema, parseLossless(mutate(NODE_TASK_RAW, edit)));
    expect(!result.ok && result.reason).toBe(reason);
  });
});

describe("nodeResultSchema", () => {
  it("accepts a result without new_skill, and writes it back without one", () => {
    const result = nodeResultSchema.parse(parseLossless(NODE_RESULT_RAW));
    expect(result).not.toHaveProperty("new_skill");
    expect(stringifyLossless(result)).toBe(NODE_RESULT_RAW);
  });

  it("keeps completion_type, llm_usage and their extra keys", () => {
    const result = nodeResultSchema.parse(parseLossless(NODE_RESULT_FULL_RAW));
    expect(result.new_skill?.txn_id).toBe("txn-0193");
    expect(result.completion_type).toBe("partial_success");
    expect(result.llm_usage).toEqual({
      prompt_tokens: 1200,
      completion_tokens: 300,
      total_tokens: 1500,
      cached_tokens: 800,
    });
  });

  it.each<[string, Edit, string]>([
    [
      "tool_calls negative",
      (v) => (v.tool_calls = -1),
      "tool_calls: expected a non-negative integer, got -1",
    ],
    [
      "task_completed as a string",
      (v) => (v.task_completed = "true"),
      "task_completed: expected boolean, got string",
    ],
    [
      "a new_skill without txn_id",
      (v) => (v.new_skill = { name: "a", description: "b", path: "/p" }),
      "new_skill.txn_id: missing, expected string",
    ],
    [
      "llm_usage tokens as text",
      (v) => (v.llm_usage = { total_tokens: "1500" }),
      "llm_usage.total_tokens: expected an integer, got string",
    ],
  ])("rejects %s", (_name, edit, reason) => {
    const result = validate(nodeResultSchema, parseLossless(mutate(NODE_RESULT_RAW, edit)));
    expect(!result.ok && result.reason).toBe(reason);
  });
});
