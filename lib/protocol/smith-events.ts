import { z } from "zod";
import { i32, jsonValue, u32, u64, uuid } from "./primitives";
import { graphEdgeSchema, graphNodeSchema } from "./smith-graph";

// Smith's `Event` enum: `#[serde(tag = "type", content = "data")]`, variant names and the
// ServiceState / LogLevel values in PascalCase as Rust spells them.

export const serviceStateSchema = z.enum(["Starting", "Ready", "Processing", "Error", "Shutting"]);
export type ServiceState = z.output<typeof serviceStateSchema>;

export const logLevelSchema = z.enum(["Trace", "Debug", "Info", "Warn", "Error"]);
export type LogLevel = z.output<typeof logLevelSchema>;

/** `HookAction`, adjacently tagged like the envelope. */
export const hookActionSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("Allow"), data: jsonValue }),
  z.looseObject({ type: z.literal("Block"), data: z.looseObject({ reason: z.string() }) }),
  z.looseObject({ type: z.literal("Transform"), data: jsonValue }),
]);
export type HookAction = z.output<typeof hookActionSchema>;

export const readyDataSchema = z.looseObject({
  version: u32,
  capabilities: z.array(z.string()),
  service_id: uuid,
});

export const stateChangeDataSchema = z.looseObject({
  request_id: uuid.nullish(),
  state: serviceStateSchema,
  timestamp: u64,
});

export const logDataSchema = z.looseObject({
  level: logLevelSchema,
  message: z.string(),
  timestamp: u64,
  request_id: uuid.nullish(),
});

export const tokenUsageDataSchema = z.looseObject({
  request_id: uuid,
  tokens_used: u64,
  tokens_remaining: u64.nullish(),
});

export const shellOutputDataSchema = z.looseObject({
  request_id: uuid,
  stdout: z.string().nullish(),
  stderr: z.string().nullish(),
  exit_code: i32.nullish(),
  finished: z.boolean(),
});

export const toolResultDataSchema = z.looseObject({
  request_id: uuid,
  success: z.boolean(),
  result: jsonValue,
  error: z.string().nullish(),
});

export const hookResultDataSchema = z.looseObject({
  request_id: uuid,
  action: hookActionSchema,
});

export const graphDeltaDataSchema = z.looseObject({
  request_id: uuid.nullish(),
  nodes_added: z.array(graphNodeSchema),
  edges_added: z.array(graphEdgeSchema),
  nodes_removed: z.array(uuid),
  edges_removed: z.array(uuid),
});
export type GraphDelta = z.output<typeof graphDeltaDataSchema>;

export const errorDataSchema = z.looseObject({
  request_id: uuid.nullish(),
  error_code: z.string(),
  message: z.string(),
  timestamp: u64,
});

export const readyEventSchema = z.looseObject({ type: z.literal("Ready"), data: readyDataSchema });
export const stateChangeEventSchema = z.looseObject({
  type: z.literal("StateChange"),
  data: stateChangeDataSchema,
});
export const logEventSchema = z.looseObject({ type: z.literal("Log"), data: logDataSchema });
export const tokenUsageEventSchema = z.looseObject({
  type: z.literal("TokenUsage"),
  data: tokenUsageDataSchema,
});
export const shellOutputEventSchema = z.looseObject({
  type: z.literal("ShellOutput"),
  data: shellOutputDataSchema,
});
export const toolResultEventSchema = z.looseObject({
  type: z.literal("ToolResult"),
  data: toolResultDataSchema,
});
export const hookResultEventSchema = z.looseObject({
  type: z.literal("HookResult"),
  data: hookResultDataSchema,
});
export const graphDeltaEventSchema = z.looseObject({
  type: z.literal("GraphDelta"),
  data: graphDeltaDataSchema,
});
export const errorEventSchema = z.looseObject({ type: z.literal("Error"), data: errorDataSchema });

/**
 * What `smith.events.graph.<session_id>` carries: only the GraphDelta variant. A union of
 * one, so that another event type is reported by its `type` alone.
 */
export const graphDeltaMessageSchema = z.discriminatedUnion("type", [graphDeltaEventSchema]);

/** The `Event` envelope on `smith.events.>`. */
export const smithEventSchema = z.discriminatedUnion("type", [
  readyEventSchema,
  stateChangeEventSchema,
  logEventSchema,
  tokenUsageEventSchema,
  shellOutputEventSchema,
  toolResultEventSchema,
  hookResultEventSchema,
  graphDeltaEventSchema,
  errorEventSchema,
]);
export type SmithEvent = z.output<typeof smithEventSchema>;
export type SmithEventType = SmithEvent["type"];
export type SmithEventOf<T extends SmithEventType> = Extract<SmithEvent, { type: T }>;
export type GraphDeltaEvent = SmithEventOf<"GraphDelta">;
