import { z } from "zod";
import { nonEmptyString } from "./primitives";
import { nodeResultSchema, type NodeResult } from "./skilllite";

// What a bridge publishes on `skilllite.results.<task_id>`, as SkillLite's own transports
// produce it (EXboys/skilllite): a bare NodeResult (swarm `POST /task`), the agent RPC's
// `{"event":"done","data":NodeResult}` (its task_id a fresh UUID) or `{"event":"error",
// "data":{"message"}}`, the swarm's `?stream=1` NDJSON lines (`{"event":"received",
// "task_id"}`, `{"event":"executing"}`, `{"event":"done","result":NodeResult}`,
// `{"event":"error","error":{"error","message"}}`), and the swarm's error bodies
// (`{"error":"no_match"|"forward_failed"|"execution_failed"|…,"message",…}`).

/** Which transport wrote it: the shape says. */
export type SkillLiteVia = "bare" | "agent-rpc" | "swarm" | "swarm-stream";

export type SkillLiteResultMessage =
  | { form: "result"; via: "bare" | "agent-rpc" | "swarm-stream"; result: NodeResult }
  | { form: "error"; via: "agent-rpc" | "swarm" | "swarm-stream"; code: string | null; message: string }
  | { form: "progress"; via: "agent-rpc" | "swarm-stream"; event: string; taskId: string | null };

/** A swarm error body; `required_capabilities` and other keys stay in the raw text. */
export const swarmErrorBodySchema = z.looseObject({ error: nonEmptyString, message: z.string() });

const agentRpcDone = z.looseObject({ event: z.literal("done"), data: nodeResultSchema });
const swarmDone = z.looseObject({ event: z.literal("done"), result: nodeResultSchema });
const agentRpcError = z.looseObject({ event: z.literal("error"), data: z.looseObject({ message: z.string() }) });
const swarmStreamError = z.looseObject({ event: z.literal("error"), error: swarmErrorBodySchema });
const progress = z.looseObject({ event: nonEmptyString, task_id: z.string().optional() });

type Form = { schema: z.ZodType; read: (value: never) => SkillLiteResultMessage };
const form = <S extends z.ZodType>(schema: S, read: (value: z.output<S>) => SkillLiteResultMessage): Form => ({
  schema,
  read: read as (value: never) => SkillLiteResultMessage,
});

/** The form a value claims by its keys; its own schema then says what is wrong with it. */
function formOf(value: unknown): Form {
  const o = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (o && "event" in o) {
    if (o.event === "done")
      return "data" in o
        ? form(agentRpcDone, (v) => ({ form: "result", via: "agent-rpc", result: v.data }))
        : form(swarmDone, (v) => ({ form: "result", via: "swarm-stream", result: v.result }));
    if (o.event === "error")
      return "data" in o
        ? form(agentRpcError, (v) => ({ form: "error", via: "agent-rpc", code: null, message: v.data.message }))
        : form(swarmStreamError, (v) => ({ form: "error", via: "swarm-stream", code: v.error.error, message: v.error.message }));
    return form(progress, (v) => ({
      form: "progress",
      via: "data" in v ? "agent-rpc" : "swarm-stream",
      event: v.event,
      taskId: v.task_id ?? null,
    }));
  }
  if (o && typeof o.error === "string" && !("response" in o))
    return form(swarmErrorBodySchema, (v) => ({ form: "error", via: "swarm", code: v.error, message: v.message }));
  return form(nodeResultSchema, (v) => ({ form: "result", via: "bare", result: v }));
}

/**
 * Any of SkillLite's result shapes, normalized. Each is checked against its own schema,
 * so a broken one is quarantined with the reason its own form gives.
 */
export const skillLiteResultMessageSchema: z.ZodType<SkillLiteResultMessage> = z.unknown().transform((value, ctx) => {
  const f = formOf(value);
  const parsed = f.schema.safeParse(value, { reportInput: true });
  if (parsed.success) return f.read(parsed.data as never);
  // zod's own finished issues, handed on as they are (paths and messages kept).
  for (const issue of parsed.error.issues) ctx.issues.push(issue as z.core.$ZodRawIssue);
  return z.NEVER;
});
