import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SkillLiteTask } from "@/lib/contract/agents";
import { SkillLiteTaskDetail } from "./skilllite-task-detail";

const WIKI = `{"trigger":"consecutive_tool_failures","replan_count":0,"failed_tool_count":3,"failed_tools":["run_command"],"error_summaries":["pytest: command not found"],"proposed_title":"Lesson: install pytest","proposed_lesson":"Install pytest before running the suite."}`;

const base: SkillLiteTask = { id: "task-7f3a9c", taskRaw: null, resultRaw: null, result: null, events: [] };
const text = (data: SkillLiteTask) => renderToStaticMarkup(createElement(SkillLiteTaskDetail, { data }))
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replace(/\s+/g, " ");

describe("SkillLiteTaskDetail", () => {
  it("shows completion_type, the llm_usage counts and the Repo Wiki suggestion", () => {
    const out = text({
      ...base,
      resultRaw: "{}",
      result: {
        via: "agent-rpc",
        payloadTaskId: "5b0e8f9e-2f4c-4d8e-9a77-0c1b2d3e4f50",
        taskCompleted: true,
        toolCalls: 3,
        completionType: "partial_success",
        llmUsage: { promptTokens: 1200, completionTokens: 80, totalTokens: 1280, responsesWithUsage: 2, responsesWithoutUsage: 1 },
        wikiUpdateSuggestion: WIKI,
      },
    });
    expect(out).toContain("Completion partial_success");
    expect(out).toContain("Tokens prompt / completion / total 1,200 / 80 / 1,280");
    expect(out).toContain("LLM responses with / without usage 2 / 1");
    expect(out).toContain("Result's own task_id 5b0e8f9e-2f4c-4d8e-9a77-0c1b2d3e4f50");
    expect(out).toContain("Trigger consecutive tool failures");
    expect(out).toContain("Title Lesson: install pytest");
    expect(out).toContain("Install pytest before running the suite.");
    expect(out).toContain("pytest: command not found");
  });

  it("says when no suggestion came and when usage was not reported", () => {
    const out = text({
      ...base,
      result: {
        via: "bare",
        payloadTaskId: "task-7f3a9c",
        taskCompleted: false,
        toolCalls: 0,
        completionType: null,
        llmUsage: { promptTokens: null, completionTokens: null, totalTokens: null, responsesWithUsage: null, responsesWithoutUsage: null },
        wikiUpdateSuggestion: null,
      },
    });
    expect(out).toContain("None: the agent suggested no lesson.");
    expect(out).toContain("not reported / not reported / not reported");
    expect(out).not.toContain("own task_id");
  });

  it("lists swarm progress and errors with their codes", () => {
    const out = text({
      ...base,
      events: [
        { via: "swarm-stream", event: "received", code: null, message: null, raw: '{"event":"received","task_id":"task-7f3a9c"}', stream: "SKILLLITE", seq: 1 },
        { via: "swarm", event: "error", code: "no_match", message: "No local or peer node has required capabilities", raw: "{}", stream: "SKILLLITE", seq: 2 },
      ],
    });
    expect(out).toContain("No result yet.");
    expect(out).toContain("error: no_match");
    expect(out).toContain("No local or peer node has required capabilities");
    expect(out).toContain("received");
  });
});
