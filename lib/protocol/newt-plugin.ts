import { z } from "zod";
import { jsonValue, safeInt, u32 } from "./primitives";

// Newt provider plugins: JSON-RPC 2.0, one JSON object per line over stdio
// (`plugins-protocol`). `PROTOCOL_VERSION` is 0.

export const NEWT_PLUGIN_PROTOCOL_VERSION = 0;
export const PLUGIN_METHODS = [
  "initialize",
  "list_models",
  "complete",
  "stream",
  "shutdown",
] as const;
export type PluginMethod = (typeof PLUGIN_METHODS)[number];

/** Request ids: Newt uses a `u64` counter; JSON-RPC also allows strings and `null`. */
export const jsonRpcIdSchema = z.union([z.string(), z.number(), z.bigint(), z.null()]);
export type JsonRpcId = z.output<typeof jsonRpcIdSchema>;

/** A request; without `id` it is a notification. */
export const jsonRpcRequestSchema = z.looseObject({
  jsonrpc: z.literal("2.0"),
  id: jsonRpcIdSchema.optional(),
  method: z.string(),
  params: jsonValue.optional(),
});
export type JsonRpcRequest = z.output<typeof jsonRpcRequestSchema>;

export const jsonRpcErrorSchema = z.looseObject({
  code: safeInt,
  message: z.string(),
  data: jsonValue.optional(),
});
export type JsonRpcError = z.output<typeof jsonRpcErrorSchema>;

/**
 * A response carries exactly one of `result` and `error`. Newt's plugin server leaves
 * `id` out when it could not read the request's (parse errors).
 */
export const jsonRpcResponseSchema = z
  .looseObject({
    jsonrpc: z.literal("2.0"),
    id: jsonRpcIdSchema.optional(),
    result: jsonValue.optional(),
    error: jsonRpcErrorSchema.optional(),
  })
  .check((ctx) => {
    const hasResult = ctx.value.result !== undefined;
    const hasError = ctx.value.error !== undefined;
    if (hasResult === hasError) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: hasResult ? "carries both result and error" : "carries neither result nor error",
      });
    }
  });
export type JsonRpcResponse = z.output<typeof jsonRpcResponseSchema>;

export const initializeRequestSchema = z.looseObject({
  protocol_version: u32,
  client_name: z.string(),
  client_version: z.string(),
});
export type InitializeRequest = z.output<typeof initializeRequestSchema>;

export const initializeResponseSchema = z.looseObject({
  plugin_name: z.string(),
  plugin_version: z.string(),
  supported_models: z.array(z.string()),
});
export type InitializeResponse = z.output<typeof initializeResponseSchema>;

export const chatMessageSchema = z.looseObject({
  role: z.string(),
  content: z.string(),
});
export type ChatMessage = z.output<typeof chatMessageSchema>;

export const completeRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(chatMessageSchema),
  max_tokens: u32.nullish(),
});
export type CompleteRequest = z.output<typeof completeRequestSchema>;

export const pluginUsageSchema = z.looseObject({
  input_tokens: u32,
  output_tokens: u32,
});
export type PluginUsage = z.output<typeof pluginUsageSchema>;

export const completeResponseSchema = z.looseObject({
  content: z.string(),
  model_id: z.string(),
  usage: pluginUsageSchema.nullish(),
});
export type CompleteResponse = z.output<typeof completeResponseSchema>;

/** A plugin request with its parameters typed by method. */
export const pluginRequestSchema = z.discriminatedUnion("method", [
  jsonRpcRequestSchema.extend({ method: z.literal("initialize"), params: initializeRequestSchema }),
  jsonRpcRequestSchema.extend({ method: z.literal("list_models") }),
  jsonRpcRequestSchema.extend({ method: z.literal("complete"), params: completeRequestSchema }),
  jsonRpcRequestSchema.extend({ method: z.literal("stream") }),
  jsonRpcRequestSchema.extend({ method: z.literal("shutdown") }),
]);
export type PluginRequest = z.output<typeof pluginRequestSchema>;
