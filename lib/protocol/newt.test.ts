import { describe, expect, it } from "vitest";
import { validate } from "./issues";
import { parseLossless, stringifyLossless } from "./json";
import { taskReplySchema } from "./newt";
import {
  completeRequestSchema,
  completeResponseSchema,
  initializeRequestSchema,
  initializeResponseSchema,
  jsonRpcRequestSchema,
  jsonRpcResponseSchema,
  pluginRequestSchema,
} from "./newt-plugin";
import { child, mutate, TASK_REPLY_FULL_RAW, TASK_REPLY_RAW } from "./test-fixtures";

type Edit = (value: Record<string, unknown>) => void;

describe("taskReplySchema", () => {
  it("accepts a reply without the optional fields and writes it back unchanged", () => {
    const reply = taskReplySchema.parse(parseLossless(TASK_REPLY_RAW));
    expect(reply).not.toHaveProperty("emission_shape");
    expect(reply).not.toHaveProperty("metrics");
    expect(stringifyLossless(reply)).toBe(TASK_REPLY_RAW);
  });

  it("reads emission shape and turn metrics", () => {
    const reply = taskReplySchema.parse(parseLossless(TASK_REPLY_FULL_RAW));
    expect(reply.emission_shape).toBe("prose");
    expect(reply.metrics?.end_reason).toBe("narration_cap_exhausted");
    expect(reply.metrics?.usage).toEqual({ input_tokens: 5120, output_tokens: 311 });
    expect(reply.metrics?.cost_usd).toBeCloseTo(0.0201);
    expect(reply.metrics).not.toHaveProperty("hallucinations");
  });

  it.each([
    [
      "each known emission shape",
      ["whole_files", "unified_diff", "prose"].map((shape) =>
        mutate(TASK_REPLY_RAW, (v) => (v.emission_shape = shape)),
      ),
    ],
    [
      "a future emission shape and end reason",
      [
        mutate(
          TASK_REPLY_FULL_RAW,
          (v) => (
            (v.emission_shape = "json_patch"),
            (child(v, "metrics").end_reason = "budget_exhausted")
          ),
        ),
      ],
    ],
    [
      "hallucinations present",
      [mutate(TASK_REPLY_FULL_RAW, (v) => (child(v, "metrics").hallucinations = 2))],
    ],
  ])("accepts %s", (_name, raws) => {
    for (const raw of raws)
      expect(taskReplySchema.safeParse(parseLossless(raw)).success).toBe(true);
  });

  it.each<[string, Edit, string]>([
    [
      "an empty model_id",
      (v) => (v.model_id = ""),
      "model_id: must not be empty: a reply is attributed to its model",
    ],
    ["a missing model_id", (v) => delete v.model_id, "model_id: missing, expected string"],
    [
      "empty_diff as a number",
      (v) => (v.empty_diff = 0),
      "empty_diff: expected boolean, got number",
    ],
    [
      "elapsed_ms as text",
      (v) => (child(v, "metrics").elapsed_ms = "8s"),
      "metrics.elapsed_ms: expected an integer, got string",
    ],
    [
      "usage without output_tokens",
      (v) => (child(v, "metrics").usage = { input_tokens: 1 }),
      "metrics.usage.output_tokens: missing, expected an integer",
    ],
  ])("rejects %s", (_name, edit, reason) => {
    const result = validate(taskReplySchema, parseLossless(mutate(TASK_REPLY_FULL_RAW, edit)));
    expect(!result.ok && result.reason).toBe(reason);
  });
});

describe("plugin JSON-RPC", () => {
  const initialize =
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocol_version":0,"client_name":"newt","client_version":"0.9.2"}}';
  const complete =
    '{"jsonrpc":"2.0","id":2,"method":"complete","params":{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":null}}';

  it.each([
    ["initialize", initialize],
    ["list_models", '{"jsonrpc":"2.0","id":2,"method":"list_models","params":{}}'],
    ["complete", complete],
    ["stream", '{"jsonrpc":"2.0","id":4,"method":"stream","params":{"model":"m","messages":[]}}'],
    ["shutdown", '{"jsonrpc":"2.0","id":5,"method":"shutdown","params":{}}'],
  ])("types a %s request", (method, raw) => {
    const request = pluginRequestSchema.parse(parseLossless(raw));
    expect(request.method).toBe(method);
  });

  it("types request params by method", () => {
    const request = pluginRequestSchema.parse(parseLossless(initialize));
    if (request.method !== "initialize") throw new Error("wrong method");
    expect(request.params.client_name).toBe("newt");
    expect(initializeRequestSchema.parse(request.params).protocol_version).toBe(0);
    expect(
      completeRequestSchema.parse(pluginRequestSchema.parse(parseLossless(complete)).params)
        .messages,
    ).toHaveLength(1);
  });

  it.each([
    [
      "a success",
      '{"jsonrpc":"2.0","id":1,"result":{"plugin_name":"openai","plugin_version":"0.3.0","supported_models":["gpt-4o"]}}',
    ],
    [
      "an error without id (parse error)",
      '{"jsonrpc":"2.0","error":{"code":-32700,"message":"parse error: EOF"}}',
    ],
    ["a null result", '{"jsonrpc":"2.0","id":"a","result":null}'],
  ])("accepts %s response", (_name, raw) => {
    expect(jsonRpcResponseSchema.safeParse(parseLossless(raw)).success).toBe(true);
  });

  it.each([
    [
      "both result and error",
      '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":-32000,"message":"x"}}',
      "(root): carries both result and error",
    ],
    [
      "neither result nor error",
      '{"jsonrpc":"2.0","id":1}',
      "(root): carries neither result nor error",
    ],
    [
      "a wrong version",
      '{"jsonrpc":"1.0","id":1,"result":{}}',
      'jsonrpc: expected "2.0", got "1.0"',
    ],
    [
      "a non-integer error code",
      '{"jsonrpc":"2.0","id":1,"error":{"code":"E1","message":"x"}}',
      "error.code: expected an integer, got string",
    ],
  ])("rejects %s", (_name, raw, reason) => {
    const result = validate(jsonRpcResponseSchema, parseLossless(raw));
    expect(!result.ok && result.reason).toBe(reason);
  });

  it("reads typed results", () => {
    expect(
      initializeResponseSchema.parse({
        plugin_name: "p",
        plugin_version: "1",
        supported_models: [],
      }).supported_models,
    ).toEqual([]);
    const response = completeResponseSchema.parse({
      content: "hi",
      model_id: "gpt-4o",
      usage: { input_tokens: 3, output_tokens: 1 },
    });
    expect(response.usage?.output_tokens).toBe(1);
    expect(
      validate(completeResponseSchema, {
        content: "hi",
        model_id: "m",
        usage: { input_tokens: -1, output_tokens: 0 },
      }),
    ).toMatchObject({
      ok: false,
      reason: "usage.input_tokens: expected an integer from 0 to 4294967295, got -1",
    });
  });

  it("rejects a request without a method", () => {
    expect(validate(jsonRpcRequestSchema, { jsonrpc: "2.0", id: 1 })).toMatchObject({
      ok: false,
      reason: "method: missing, expected string",
    });
  });
});
