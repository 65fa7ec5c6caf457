import { describe, expect, it } from "vitest";
import { apiEventSessionId, apiEventVariant } from "./smith-planner";
import { decodeMessage, routeSubject } from "./subjects";

// Samples written as serde_json writes agentd's planner types (field order, None as null,
// chrono RFC 3339 with nanoseconds, std Duration as {secs, nanos}).
const S = "5f1c7a2e-8b3d-4e6f-9a01-23456789abcd";
const EVENTS = "smith.planner_exec.events";
const RESULT_FAILED = `{"action_id":"a-2","status":"failed","output":null,"error":{"code":"TIMEOUT","message":"Operation timed out","details":{"elapsed_ms":30000},"retryable":true},"metadata":{"retry_count":3,"resource_usage":{"cpu_ms":1200,"memory_bytes":18446744073709551615,"fs_operations":0,"network_requests":4},"environment":{"executor_id":"exec-1","sandbox_mode":"landlock","security_context":{}}},"started_at":"2025-06-01T09:00:01.123456789Z","finished_at":"2025-06-01T09:00:31.123456789Z"}`;
const RESULT_DONE = `{"action_id":"a-1","status":"completed","output":{"result":"success"},"error":null,"metadata":{"retry_count":0,"resource_usage":{"cpu_ms":0,"memory_bytes":0,"fs_operations":0,"network_requests":0},"environment":{"executor_id":"exec-1","sandbox_mode":"none","security_context":{"landlock":true}}},"started_at":"2025-06-01T09:00:00.5Z","finished_at":"2025-06-01T09:00:01+00:00"}`;
const SUMMARY = `{"workflow_id":"test-workflow-123","session_id":"${S}","workflow_type":"research_and_planning","goal":"Test workflow","status":"cancelled","actions":[${RESULT_DONE}],"duration_ms":1500,"total_duration":{"secs":1,"nanos":500000000},"total_actions":1,"successful_actions":1,"failed_actions":0,"final_state":"executing","error_message":null,"resource_usage":{"cpu_ms":50000,"memory_bytes":268435456,"fs_operations":0,"network_requests":100},"success_criteria_met":[],"lessons_learned":["Action FileSystem(fs.read.v1) completed successfully"],"recommendations":[],"final_output":null}`;

export const API_EVENT_SAMPLES: Record<string, string> = {
  WorkflowStarted: `{"WorkflowStarted":{"session_id":"${S}","workflow_type":"simple"}}`,
  WorkflowCompleted: `{"WorkflowCompleted":{"session_id":"${S}","summary":${SUMMARY}}}`,
  WorkflowFailed: `{"WorkflowFailed":{"session_id":"${S}","error":"Test error"}}`,
  ActionExecuted: `{"ActionExecuted":{"session_id":"${S}","action_id":"a-2","result":${RESULT_FAILED}}}`,
  StateTransition: `{"StateTransition":{"session_id":"${S}","from_state":{"state":"Executing"},"to_state":{"state":"Failed","data":"out of budget"}}}`,
  UserIntervention: `{"UserIntervention":{"session_id":"${S}","intervention_type":"approval"}}`,
  SystemError: `{"SystemError":{"session_id":"error-session","error":"System failure"}}`,
  HealthCheck: `{"HealthCheck":{"component":"nats","status":"Degraded"}}`,
};

describe("planner subjects", () => {
  it("routes the events subject and a session's stream, and nothing else under planner_exec", () => {
    expect(routeSubject(EVENTS)).toEqual({ kind: "planner-event" });
    expect(routeSubject(`smith.planner_exec.streams.${S}`)).toEqual({ kind: "workflow-update", sessionId: S });
    expect(routeSubject("smith.planner_exec.requests")).toBeNull();
    expect(routeSubject("smith.planner_exec.streams")).toBeNull();
    expect(routeSubject("smith.planner_exec.events.extra")).toBeNull();
  });
});

describe("APIEvent", () => {
  it.each(Object.entries(API_EVENT_SAMPLES))("accepts %s as agentd writes it", (tag, raw) => {
    const d = decodeMessage(EVENTS, raw);
    if (!d.ok) throw new Error(d.reason);
    expect(d.kind).toBe("planner-event");
    if (d.kind !== "planner-event") return;
    expect(apiEventVariant(d.value).tag).toBe(tag);
  });

  it("keeps u64 values exact and names the event's session", () => {
    const d = decodeMessage(EVENTS, API_EVENT_SAMPLES.ActionExecuted ?? "");
    if (!d.ok || d.kind !== "planner-event") throw new Error("not decoded");
    const v = apiEventVariant(d.value);
    if (v.tag !== "ActionExecuted") throw new Error(v.tag);
    expect(v.body.result.metadata.resource_usage.memory_bytes).toBe(18446744073709551615n);
    expect(v.body.result.error?.retryable).toBe(true);
    expect(apiEventSessionId(d.value)).toBe(S);
    const health = decodeMessage(EVENTS, API_EVENT_SAMPLES.HealthCheck ?? "");
    expect(health.ok && health.kind === "planner-event" && apiEventSessionId(health.value)).toBeNull();
  });

  it("accepts every unit state of WorkflowState, adjacently tagged", () => {
    for (const state of ["Initializing", "Planning", "Executing", "Completed", "Paused"]) {
      const raw = `{"StateTransition":{"session_id":"${S}","from_state":{"state":"Planning"},"to_state":{"state":"${state}"}}}`;
      expect(decodeMessage(EVENTS, raw).ok, state).toBe(true);
    }
  });

  const reasonOf = (raw: string, subject = EVENTS) => {
    const d = decodeMessage(subject, raw);
    if (d.ok) throw new Error(`accepted: ${raw}`);
    return d.reason;
  };

  it("quarantines an event with no known tag, or two tags, saying which tags exist", () => {
    expect(reasonOf(`{"WorkflowExploded":{"session_id":"${S}"}}`)).toMatch(/exactly one key of "WorkflowStarted", .*"HealthCheck"/);
    expect(reasonOf(`{"WorkflowStarted":{"session_id":"${S}","workflow_type":"simple"},"WorkflowFailed":{"session_id":"${S}","error":"x"}}`)).toMatch(/exactly one key/);
    expect(reasonOf(`{"type":"WorkflowStarted","session_id":"${S}"}`)).toMatch(/exactly one key/);
    expect(reasonOf(`"WorkflowStarted"`)).toMatch(/exactly one key/);
  });

  it("quarantines broken variant bodies with the field that broke", () => {
    expect(reasonOf(`{"WorkflowFailed":{"session_id":"","error":"x"}}`)).toMatch(/session_id/);
    expect(reasonOf(`{"WorkflowFailed":{"error":"x"}}`)).toMatch(/session_id/);
    expect(reasonOf(`{"StateTransition":{"session_id":"${S}","from_state":{"state":"Planning"},"to_state":{"state":"Failed"}}}`)).toMatch(/data/);
    expect(reasonOf(`{"StateTransition":{"session_id":"${S}","from_state":"Planning","to_state":{"state":"Executing"}}}`)).toMatch(/from_state/);
    expect(reasonOf(API_EVENT_SAMPLES.ActionExecuted?.replace('"status":"failed"', '"status":"exploded"') ?? "")).toMatch(/status/);
    expect(reasonOf(API_EVENT_SAMPLES.ActionExecuted?.replace("2025-06-01T09:00:01.123456789Z", "yesterday") ?? "")).toMatch(/started_at/);
    expect(reasonOf(API_EVENT_SAMPLES.ActionExecuted?.replace('"cpu_ms":1200', '"cpu_ms":-1') ?? "")).toMatch(/cpu_ms/);
    expect(reasonOf(API_EVENT_SAMPLES.WorkflowCompleted?.replace('"status":"cancelled"', '"status":"Cancelled"') ?? "")).toMatch(/status/);
    expect(reasonOf("{not json")).toMatch(/malformed JSON/);
  });
});

describe("WorkflowUpdate", () => {
  const subject = `smith.planner_exec.streams.${S}`;
  it("accepts every update type with any payload", () => {
    for (const type of ["StateChanged", "ActionStarted", "ActionCompleted", "ProgressUpdate", "ErrorOccurred", "UserRequired", "MetricsUpdate", "LogMessage"]) {
      const d = decodeMessage(subject, `{"session_id":"${S}","timestamp":9876543210,"update_type":"${type}","payload":{"progress":0.75}}`);
      expect(d.ok, type).toBe(true);
    }
    const d = decodeMessage(subject, `{"session_id":"${S}","timestamp":18446744073709551615,"update_type":"LogMessage","payload":null}`);
    expect(d.ok && d.kind === "workflow-update" && d.value.timestamp).toBe(18446744073709551615n);
  });

  it("quarantines an update for another session than its subject's, or without a timestamp", () => {
    const d = decodeMessage(subject, `{"session_id":"other","timestamp":1,"update_type":"LogMessage","payload":null}`);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.reason).toMatch(/not the subject's session/);
    const e = decodeMessage(subject, `{"session_id":"${S}","timestamp":"now","update_type":"LogMessage","payload":null}`);
    expect(!e.ok && e.reason).toMatch(/timestamp/);
  });
});
