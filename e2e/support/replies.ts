import { randomUUID } from "node:crypto";
import type { NatsConnection } from "@nats-io/nats-core";
import { jetstream } from "@nats-io/jetstream";

export interface ReplyOptions {
  model: string;
  shape?: "whole_files" | "unified_diff" | "prose" | null;
  applied?: boolean;
  content?: string;
  diff?: string;
  costUsd?: number;
}

/** A Newt TaskReply as a coder turn returns it. */
export function taskReply(o: ReplyOptions): string {
  const diff = o.diff ?? (o.applied ? "--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1,2 +1,2 @@\n-fn old() {}\n+fn new() {}\n // end\n" : "");
  const reply: Record<string, unknown> = {
    model_id: o.model,
    content: o.content ?? (o.shape === "prose" ? "I would change the function." : `FILE: src/lib.rs\nfn new() {}\n// end\nEND-FILE\n`),
    diff,
    empty_diff: diff === "",
    diff_applied: o.applied ?? false,
    metrics: {
      elapsed_ms: 1200,
      usage: { input_tokens: 1000, output_tokens: 200 },
      cost_usd: o.costUsd ?? 0.01,
      model_id: o.model,
      endpoint: "https://llm.example/v1",
      end_reason: "completed",
    },
  };
  if (o.shape) reply.emission_shape = o.shape;
  return JSON.stringify(reply);
}

/** Publishes replies of one pilot run, each on its own task subject; resolves once stored. */
export async function publishReplies(nc: NatsConnection, pilot: string, replies: ReplyOptions[]): Promise<void> {
  const js = jetstream(nc);
  await Promise.all(replies.map((r) => js.publish(`newt.replies.${pilot}.${randomUUID().slice(0, 8)}`, taskReply(r))));
}

export function pilotId(): string {
  return `e2e-${randomUUID().slice(0, 8)}`;
}
