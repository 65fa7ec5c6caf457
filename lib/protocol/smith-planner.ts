import { z } from "zod";
import {
  externalTagError,
  jsonObject,
  jsonValue,
  nonEmptyString,
  openEnum,
  rfc3339,
  u32,
  u64,
} from "./primitives";

/*
 * Smith's planner-executor (agentd `src/runners/planner_exec`: api.rs, schemas.rs,
 * state_machine.rs). `smith.planner_exec.events` carries `APIEvent`, serde's default
 * externally tagged enum (`{"WorkflowStarted": {...}}`); `smith.planner_exec.streams.<id>`
 * carries `WorkflowUpdate`. Option fields are written as `null`; times are chrono
 * `DateTime<Utc>` (RFC 3339); `std::time::Duration` is `{secs, nanos}`.
 */

/** `WorkflowType`, snake_case. Shown as it comes: a newer type is no reason to quarantine. */
export const WORKFLOW_TYPES = ["simple", "research_and_planning", "complex_orchestration"] as const;
export const workflowTypeSchema = openEnum(WORKFLOW_TYPES);

/**
 * `ActionStatus`, snake_case (schemas.rs). `escalate` is not in agentd's enum but
 * PROTOCOL.md lists it; accepting it costs nothing and rejects no real producer.
 */
export const ACTION_STATUSES = [
  "pending",
  "running",
  "completed",
  "failed",
  "cancelled",
  "skipped",
  "escalate",
] as const;
export const actionStatusSchema = z.enum(ACTION_STATUSES);
export type ActionStatus = z.output<typeof actionStatusSchema>;

/** `WorkflowStatus`, snake_case: the summary's `status` and `final_state`. */
export const WORKFLOW_STATUSES = [
  "initializing",
  "planning",
  "executing",
  "completed",
  "failed",
  "cancelled",
  "paused",
] as const;
export const workflowStatusSchema = z.enum(WORKFLOW_STATUSES);
export type WorkflowStatus = z.output<typeof workflowStatusSchema>;

/** `WorkflowState`: `#[serde(tag = "state", content = "data")]`; only `Failed` has data. */
export const WORKFLOW_UNIT_STATES = ["Initializing", "Planning", "Executing", "Completed", "Paused"] as const;
export const workflowStateSchema = z.discriminatedUnion("state", [
  z.looseObject({ state: z.enum(WORKFLOW_UNIT_STATES) }),
  z.looseObject({ state: z.literal("Failed"), data: z.string() }),
]);
export type WorkflowState = z.output<typeof workflowStateSchema>;

export const plannerResourceUsageSchema = z.looseObject({
  cpu_ms: u64,
  memory_bytes: u64,
  fs_operations: u64,
  network_requests: u64,
});

export const actionErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  details: jsonValue,
  retryable: z.boolean(),
});
export type ActionError = z.output<typeof actionErrorSchema>;

export const actionMetadataSchema = z.looseObject({
  retry_count: u32,
  resource_usage: plannerResourceUsageSchema,
  environment: z.looseObject({
    executor_id: z.string(),
    sandbox_mode: z.string(),
    security_context: jsonObject,
  }),
});

export const actionResultSchema = z.looseObject({
  action_id: nonEmptyString,
  status: actionStatusSchema,
  output: jsonValue,
  error: actionErrorSchema.nullable(),
  metadata: actionMetadataSchema,
  started_at: rfc3339,
  finished_at: rfc3339,
});
export type ActionResult = z.output<typeof actionResultSchema>;

export const executionSummarySchema = z.looseObject({
  workflow_id: z.string(),
  session_id: nonEmptyString,
  workflow_type: workflowTypeSchema,
  goal: z.string(),
  status: workflowStatusSchema,
  actions: z.array(actionResultSchema),
  duration_ms: u64,
  total_duration: z.looseObject({ secs: u64, nanos: u32 }),
  total_actions: u32,
  successful_actions: u32,
  failed_actions: u32,
  final_state: workflowStatusSchema,
  error_message: z.string().nullable(),
  resource_usage: plannerResourceUsageSchema,
  success_criteria_met: z.array(z.string()),
  lessons_learned: z.array(z.string()),
  recommendations: z.array(z.string()),
  final_output: jsonValue,
});
export type ExecutionSummary = z.output<typeof executionSummarySchema>;

/** `HealthStatus`: unit variants, written as bare strings. */
export const HEALTH_STATUSES = ["Healthy", "Degraded", "Unhealthy", "Unknown"] as const;

const session = { session_id: nonEmptyString };

export const API_EVENT_TAGS = [
  "WorkflowStarted",
  "WorkflowCompleted",
  "WorkflowFailed",
  "ActionExecuted",
  "StateTransition",
  "UserIntervention",
  "SystemError",
  "HealthCheck",
] as const;
export type ApiEventTag = (typeof API_EVENT_TAGS)[number];

/**
 * `APIEvent`: an object with exactly one key, the variant, hence `strictObject`; the
 * variant's fields are loose (a field added later is kept, not refused).
 */
export const apiEventSchema = z.union(
  [
    z.strictObject({
      WorkflowStarted: z.looseObject({ ...session, workflow_type: workflowTypeSchema }),
    }),
    z.strictObject({
      WorkflowCompleted: z.looseObject({ ...session, summary: executionSummarySchema }),
    }),
    z.strictObject({ WorkflowFailed: z.looseObject({ ...session, error: z.string() }) }),
    z.strictObject({
      ActionExecuted: z.looseObject({
        ...session,
        action_id: nonEmptyString,
        result: actionResultSchema,
      }),
    }),
    z.strictObject({
      StateTransition: z.looseObject({
        ...session,
        from_state: workflowStateSchema,
        to_state: workflowStateSchema,
      }),
    }),
    z.strictObject({
      UserIntervention: z.looseObject({ ...session, intervention_type: z.string() }),
    }),
    z.strictObject({ SystemError: z.looseObject({ ...session, error: z.string() }) }),
    z.strictObject({
      HealthCheck: z.looseObject({ component: z.string(), status: openEnum(HEALTH_STATUSES) }),
    }),
  ],
  { error: externalTagError([], API_EVENT_TAGS) },
);
export type ApiEvent = z.output<typeof apiEventSchema>;

/** `UpdateType`: unit variants, bare strings. Shown as it comes. */
export const UPDATE_TYPES = [
  "StateChanged",
  "ActionStarted",
  "ActionCompleted",
  "ProgressUpdate",
  "ErrorOccurred",
  "UserRequired",
  "MetricsUpdate",
  "LogMessage",
] as const;

/** `WorkflowUpdate` on `smith.planner_exec.streams.<session_id>`; `timestamp` is a `u64`. */
export const workflowUpdateSchema = z.looseObject({
  session_id: nonEmptyString,
  timestamp: u64,
  update_type: openEnum(UPDATE_TYPES),
  payload: jsonValue,
});
export type WorkflowUpdate = z.output<typeof workflowUpdateSchema>;

/** The event's variant and its fields, for code that handles every variant. */
export type ApiEventVariant = {
  [T in ApiEventTag]: { tag: T; body: Extract<ApiEvent, Record<T, unknown>>[T] };
}[ApiEventTag];

export function apiEventVariant(event: ApiEvent): ApiEventVariant {
  if ("WorkflowStarted" in event) return { tag: "WorkflowStarted", body: event.WorkflowStarted };
  if ("WorkflowCompleted" in event) return { tag: "WorkflowCompleted", body: event.WorkflowCompleted };
  if ("WorkflowFailed" in event) return { tag: "WorkflowFailed", body: event.WorkflowFailed };
  if ("ActionExecuted" in event) return { tag: "ActionExecuted", body: event.ActionExecuted };
  if ("StateTransition" in event) return { tag: "StateTransition", body: event.StateTransition };
  if ("UserIntervention" in event) return { tag: "UserIntervention", body: event.UserIntervention };
  if ("SystemError" in event) return { tag: "SystemError", body: event.SystemError };
  return { tag: "HealthCheck", body: event.HealthCheck };
}

/** The session an event belongs to; `HealthCheck` belongs to none. */
export function apiEventSessionId(event: ApiEvent): string | null {
  const v = apiEventVariant(event);
  return v.tag === "HealthCheck" ? null : v.body.session_id;
}
