import { describe, expect, it } from "vitest";
import { decodeMessage } from "./subjects";
import {
  RPC_UUID,
  RPC_DONE,
  RPC_DONE_FALLBACK,
  SWARM_RECEIVED,
  SWARM_EXECUTING,
  SWARM_DONE,
  SWARM_STREAM_ERROR,
  SWARM_NO_MATCH,
  SWARM_FORWARD_FAILED,
  SWARM_EXECUTION_FAILED,
  SWARM_NOT_WIRED,
  RPC_ERROR,
} from "./test-fixtures";

// Lines exactly as SkillLite writes them (crates/skilllite-agent/src/rpc.rs, crates/
// skilllite-swarm/src/handler.rs), as a bridge publishes them on skilllite.results.<task_id>.
const SUBJECT = "skilllite.results.task-7f3a9c";

const decode = (raw: string) => decodeMessage(SUBJECT, raw);

describe("SkillLite result shapes on skilllite.results.<task_id>", () => {
  it("unwraps the agent RPC's done event, keeping completion_type, every usage count and the wiki suggestion", () => {
    const d = decode(RPC_DONE);
    if (!d.ok || d.kind !== "node-result" || d.value.form !== "result") throw new Error(JSON.stringify(d));
    expect(d.value.via).toBe("agent-rpc");
    expect(d.value.result).toMatchObject({
      task_id: RPC_UUID,
      completion_type: "partial_success",
      llm_usage: { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280, responses_with_usage: 2, responses_without_usage: 1 },
      wiki_update_suggestion: { trigger: "consecutive_tool_failures", failed_tool_count: 3 },
    });
  });

  it("accepts the RPC's fallback body (new_skill null, llm_usage {}, no suggestion)", () => {
    expect(decode(RPC_DONE_FALLBACK)).toMatchObject({ ok: true, value: { form: "result", via: "agent-rpc" } });
  });

  it.each([
    [SWARM_RECEIVED, { form: "progress", via: "swarm-stream", event: "received", taskId: "task-7f3a9c" }],
    [SWARM_EXECUTING, { form: "progress", via: "swarm-stream", event: "executing", taskId: null }],
    [SWARM_DONE, { form: "result", via: "swarm-stream" }],
    [SWARM_STREAM_ERROR, { form: "error", via: "swarm-stream", code: "execution_failed", message: "agent crashed" }],
    [SWARM_NO_MATCH, { form: "error", via: "swarm", code: "no_match" }],
    [SWARM_FORWARD_FAILED, { form: "error", via: "swarm", code: "forward_failed" }],
    [SWARM_EXECUTION_FAILED, { form: "error", via: "swarm", code: "execution_failed" }],
    [SWARM_NOT_WIRED, { form: "error", via: "swarm", code: "local_executor_not_configured" }],
    [RPC_ERROR, { form: "error", via: "agent-rpc", code: null }],
  ])("accepts %s", (raw, value) => {
    expect(decode(raw)).toMatchObject({ ok: true, kind: "node-result", value });
  });

  it.each([
    [`{"event":"done","data":{"task_id":"x","response":"r","task_completed":"yes","tool_calls":1}}`, "data.task_completed: expected boolean, got string"],
    [`{"event":"error","error":{"message":"no code"}}`, "error.error: missing, expected string"],
    [`{"error":"no_match"}`, "message: missing, expected string"],
    [`{"event":"done","data":{"task_id":"x","response":"r","task_completed":true,"tool_calls":1,"wiki_update_suggestion":"yes"}}`, "data.wiki_update_suggestion: expected object, got string"],
    [`{"task_id":"x","response":"r","task_completed":true}`, "tool_calls: missing, expected an integer"],
  ])("quarantines a broken %s with its form's reason", (raw, reason) => {
    const d = decode(raw);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.reason).toContain(reason);
  });
});
