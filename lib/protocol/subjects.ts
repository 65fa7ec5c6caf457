import type { z } from "zod";
import { countValues, MAX_MESSAGE_VALUES } from "./limits";
import { validate } from "./issues";
import { parseLossless } from "./json";
import { taskReplySchema } from "./newt";
import { nodeTaskSchema } from "./skilllite";
import { skillLiteResultMessageSchema } from "./skilllite-results";
import { auditEntrySchema, auditEventSchema } from "./smith-audit";
import { benchmarkEventSchema, taskFeaturesSchema } from "./smith-benchmark";
import { graphDeltaMessageSchema, smithEventSchema } from "./smith-events";
import { intentSchema } from "./smith-intent";
import { apiEventSchema, workflowUpdateSchema } from "./smith-planner";
import { policyUpdateSchema } from "./smith-policy";
import { intentResultSchema } from "./smith-result";

/** Which schema a subject's messages follow. */
export const MESSAGE_SCHEMAS = {
  intent: intentSchema,
  "intent-result": intentResultSchema,
  "audit-event": auditEventSchema,
  "audit-entry": auditEntrySchema,
  "graph-delta": graphDeltaMessageSchema,
  event: smithEventSchema,
  "benchmark-event": benchmarkEventSchema,
  "task-features": taskFeaturesSchema,
  "policy-update": policyUpdateSchema,
  "task-reply": taskReplySchema,
  "node-task": nodeTaskSchema,
  /** Any of SkillLite's result shapes (bare, agent RPC, swarm stream, swarm error). */
  "node-result": skillLiteResultMessageSchema,
  "planner-event": apiEventSchema,
  "workflow-update": workflowUpdateSchema,
} as const;
export type MessageKind = keyof typeof MESSAGE_SCHEMAS;
export type MessageOf<K extends MessageKind> = z.output<(typeof MESSAGE_SCHEMAS)[K]>;

export type IntentStage = "raw" | "vetted" | "quarantine" | "direct";

/** What a subject says about its message, beyond the kind. */
export type SubjectRoute =
  | { kind: "intent"; stage: IntentStage; subjectTail: string }
  | { kind: "intent-result"; intentId: string }
  | { kind: "audit-event"; channel: "execution"; intentId: string }
  | { kind: "audit-event"; channel: "security"; securityType: string }
  | { kind: "audit-entry"; intentId: string }
  | { kind: "graph-delta"; sessionId: string }
  | { kind: "event"; category: string; rest: string }
  | { kind: "benchmark-event"; benchmarkKind: string }
  | { kind: "task-features"; taskId: string | null }
  | { kind: "policy-update" }
  | { kind: "task-reply"; pilotId: string; taskId: string }
  | { kind: "node-task"; taskId: string }
  | { kind: "node-result"; taskId: string }
  | { kind: "planner-event" }
  | { kind: "workflow-update"; sessionId: string };

const INTENT_STAGES: readonly string[] = ["raw", "vetted", "quarantine"];

/**
 * Maps a NATS subject to its message kind. An intent route names no capability: on
 * Smith's `smith.intents.<capability>.<domain>` subjects (`Intent::subject()`) the tail
 * is the capability plus a routing domain, and capabilities contain dots themselves, so
 * the subject cannot say where one ends. The payload's `capability` is the attribution;
 * `subjectTail` (every token after the stage) is kept only for display. A bare
 * `smith.intents.quarantine` is the subject builder's `IntentSubject::quarantine()`.
 */
export function routeSubject(subject: string): SubjectRoute | null {
  const t = subject.split(".");
  if (t.some((token) => token === "" || token === "*" || token === ">")) return null;
  const [root, second, third] = t;
  const rest = (from: number) => t.slice(from).join(".");
  const n = t.length;

  if (root === "smith" && second === "intents" && third !== undefined) {
    if (third === "quarantine" && n === 3) return { kind: "intent", stage: "quarantine", subjectTail: "" };
    if (INTENT_STAGES.includes(third)) {
      if (n < 4) return null;
      const stage = third === "raw" ? "raw" : third === "vetted" ? "vetted" : "quarantine";
      return { kind: "intent", stage, subjectTail: rest(3) };
    }
    return { kind: "intent", stage: "direct", subjectTail: rest(2) };
  }
  if (root === "smith" && second === "results" && third !== undefined && n === 3) {
    return { kind: "intent-result", intentId: third };
  }
  if (root === "smith" && second === "audit" && n === 4) {
    const id = rest(3);
    if (third === "execution") return { kind: "audit-event", channel: "execution", intentId: id };
    if (third === "policy") return { kind: "audit-entry", intentId: id };
    if (third === "security") return { kind: "audit-event", channel: "security", securityType: id };
    return null;
  }
  if (root === "smith" && second === "events" && third !== undefined && n >= 4) {
    if (third === "graph" && n === 4) return { kind: "graph-delta", sessionId: rest(3) };
    return { kind: "event", category: third, rest: rest(3) };
  }
  // `PolicyConfig::updates_subject`'s default: the control plane's policy changes.
  if (root === "smith" && second === "policies" && third === "updates" && n === 3) return { kind: "policy-update" };
  if (root === "smith" && second === "benchmark" && third !== undefined) {
    // `BenchmarkSubject::task_features(task_id)` carries TaskFeatures, not a BenchmarkEvent.
    if (third === "task_features" && n <= 4) return { kind: "task-features", taskId: t[3] ?? null };
    return { kind: "benchmark-event", benchmarkKind: third };
  }
  // agentd's planner API: events on one subject, a session's updates on its own.
  if (root === "smith" && second === "planner_exec") {
    if (third === "events" && n === 3) return { kind: "planner-event" };
    if (third === "streams" && n === 4) return { kind: "workflow-update", sessionId: rest(3) };
    return null;
  }
  if (root === "newt" && second === "replies" && n === 4) {
    return { kind: "task-reply", pilotId: t[2] ?? "", taskId: t[3] ?? "" };
  }
  if (root === "skilllite" && third !== undefined && n === 3) {
    if (second === "tasks") return { kind: "node-task", taskId: third };
    if (second === "results") return { kind: "node-result", taskId: third };
  }
  return null;
}

/** `smith.events.graph.<session_id>` → the session id. */
export function sessionIdFromSubject(subject: string): string | null {
  const route = routeSubject(subject);
  return route?.kind === "graph-delta" ? route.sessionId : null;
}

/** `smith.results.<id>`, `smith.audit.execution.<id>`, `smith.audit.policy.<id>` → the intent id. */
export function intentIdFromSubject(subject: string): string | null {
  const route = routeSubject(subject);
  if (route === null) return null;
  if (route.kind === "intent-result" || route.kind === "audit-entry") return route.intentId;
  if (route.kind === "audit-event" && route.channel === "execution") return route.intentId;
  return null;
}

/** `newt.replies.<pilot_id>.<task_id>`, `skilllite.tasks|results.<task_id>` → the task id. */
export function taskIdFromSubject(subject: string): string | null {
  const route = routeSubject(subject);
  if (route?.kind === "task-reply" || route?.kind === "node-task" || route?.kind === "node-result")
    return route.taskId;
  return null;
}

/** `newt.replies.<pilot_id>.<task_id>` → the pilot run id. */
export function pilotIdFromSubject(subject: string): string | null {
  const route = routeSubject(subject);
  return route?.kind === "task-reply" ? route.pilotId : null;
}

export type DecodedMessage = {
  [K in MessageKind]: { ok: true; kind: K; value: MessageOf<K>; raw: string };
}[MessageKind];
export type DecodeFailure = { ok: false; kind: MessageKind | null; reason: string; raw: string };
export type DecodeResult = DecodedMessage | DecodeFailure;

type Parsed = { ok: true; data: unknown; raw: string } | DecodeFailure;

function parsePayload(kind: MessageKind, payload: Uint8Array | string): Parsed {
  let raw: string;
  if (typeof payload === "string") {
    raw = payload;
  } else {
    try {
      // Keep a byte-order mark in `raw`: it is not JSON, and raw must be what came.
      raw = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(payload);
    } catch {
      raw = new TextDecoder("utf-8", { ignoreBOM: true }).decode(payload);
      return { ok: false, kind, reason: "payload is not valid UTF-8", raw };
    }
  }
  if (raw.trim() === "") return { ok: false, kind, reason: "payload is empty", raw };
  try {
    return { ok: true, data: parseLossless(raw), raw };
  } catch (error) {
    const message =
      error instanceof RangeError
        ? "nesting too deep"
        : error instanceof Error
          ? error.message
          : String(error);
    return { ok: false, kind, reason: `malformed JSON: ${message}`, raw };
  }
}

function checked<K extends MessageKind>(
  kind: K,
  schema: z.ZodType<MessageOf<K>>,
  parsed: { data: unknown; raw: string },
) {
  if (countValues(parsed.data) > MAX_MESSAGE_VALUES)
    return { ok: false as const, kind, reason: `too large: more than ${MAX_MESSAGE_VALUES} JSON values`, raw: parsed.raw };
  const result = validate(schema, parsed.data);
  return result.ok
    ? { ok: true as const, kind, value: result.value, raw: parsed.raw }
    : { ok: false as const, kind, reason: result.reason, raw: parsed.raw };
}

/**
 * Decodes one NATS message: UTF-8 (strict), lossless JSON (big integers exact), then
 * the subject's schema. Never throws; a failure carries the reason and the raw text
 * for the quarantine table.
 */
export function decodeMessage(subject: string, payload: Uint8Array | string): DecodeResult {
  const route = routeSubject(subject);
  if (route === null) {
    const raw =
      typeof payload === "string"
        ? payload
        : new TextDecoder("utf-8", { ignoreBOM: true }).decode(payload);
    return { ok: false, kind: null, reason: `no known message kind for subject "${subject}"`, raw };
  }
  const parsed = parsePayload(route.kind, payload);
  if (!parsed.ok) return parsed;
  switch (route.kind) {
    case "intent":
      return checked("intent", MESSAGE_SCHEMAS.intent, parsed);
    case "intent-result":
      return checked("intent-result", MESSAGE_SCHEMAS["intent-result"], parsed);
    case "audit-event":
      return checked("audit-event", MESSAGE_SCHEMAS["audit-event"], parsed);
    case "audit-entry":
      return checked("audit-entry", MESSAGE_SCHEMAS["audit-entry"], parsed);
    case "graph-delta":
      return checked("graph-delta", MESSAGE_SCHEMAS["graph-delta"], parsed);
    case "event":
      return checked("event", MESSAGE_SCHEMAS.event, parsed);
    case "benchmark-event":
      return checked("benchmark-event", MESSAGE_SCHEMAS["benchmark-event"], parsed);
    case "task-features":
      return checked("task-features", MESSAGE_SCHEMAS["task-features"], parsed);
    case "policy-update":
      return checked("policy-update", MESSAGE_SCHEMAS["policy-update"], parsed);
    case "task-reply":
      return checked("task-reply", MESSAGE_SCHEMAS["task-reply"], parsed);
    case "node-task":
      return checked("node-task", MESSAGE_SCHEMAS["node-task"], parsed);
    case "node-result":
      return checked("node-result", MESSAGE_SCHEMAS["node-result"], parsed);
    case "planner-event":
      return checked("planner-event", MESSAGE_SCHEMAS["planner-event"], parsed);
    case "workflow-update": {
      const d = checked("workflow-update", MESSAGE_SCHEMAS["workflow-update"], parsed);
      // agentd publishes a session's updates on its own subject: another session's
      // update there would be drawn into the wrong graph.
      if (d.ok && d.value.session_id !== route.sessionId)
        return { ok: false, kind: d.kind, raw: d.raw, reason: `session_id "${d.value.session_id}" is not the subject's session "${route.sessionId}"` };
      return d;
    }
  }
}
