import type { NatsConnection } from "@nats-io/nats-core";
import { jetstream, type JsMsg } from "@nats-io/jetstream";
import { parseLossless, stringifyLossless } from "@/lib/protocol/json";
import { verifyIntentSignature } from "@/lib/protocol/signature";
import { intentExpiresAtNs, intentSchema, type Intent } from "@/lib/protocol/smith-intent";
import type { ExecutorConsumer } from "./topology";

/** What a runner ends with; `timeout` and `killed` reach the bus as `error` / EXECUTION_OTHER. */
export type RunOutcome = "ok" | "error" | "denied" | "timeout" | "killed";

/** Why admission ends an intent with no result at all (src/admission_pipeline.rs). */
export type AdmissionFailure = "schema" | "missing-digest" | "expired" | "signature";

export interface ExecutorCounts {
  received: number;
  answered: number;
  rejected: Record<AdmissionFailure, number>;
}

export interface ExecutorOptions {
  consumers: readonly ExecutorConsumer[];
  /** When set, signatures are checked (agentd checks only with a trusted-signer directory). */
  trustedSigners?: readonly string[];
  /** The outcome of each admitted intent; default: by a hash of its id (mostly ok). */
  decide?: (intent: Intent) => RunOutcome;
  executorId?: string;
}

export interface SmithExecutor {
  counts: ExecutorCounts;
  stop(): Promise<void>;
}

function byHash(intent: Intent): RunOutcome {
  const h = parseInt(intent.id.replace(/-/g, "").slice(-4), 16) % 100;
  return h < 80 ? "ok" : h < 88 ? "denied" : h < 95 ? "error" : "timeout";
}

const ZERO_META = { pid: 0, cpu_ms: 0, max_rss_kb: 0, capability_digest: null };

/** The IntentResult agentd's executor writes for an outcome (serde field order). */
export function resultFor(intent: Intent, outcome: RunOutcome, digest: string | null): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  const auditRef = { id: `audit-${intent.id}`, timestamp: Math.floor(Date.now() / 1000), hash: "placeholder" };
  const meta = { pid: process.pid, cpu_ms: 12, max_rss_kb: 8192, capability_digest: digest };
  const base = { intent_id: intent.id };
  if (outcome === "denied")
    return stringifyLossless({ ...base, status: "denied", output: null, error: { code: "POLICY_DENIED", message: `capability ${intent.capability} is not allowed for this domain` }, started_at_ns: now, finished_at_ns: now, runner_meta: ZERO_META, audit_ref: auditRef });
  const started = now - 40_000_000n;
  if (outcome === "ok")
    return stringifyLossless({ ...base, status: "ok", output: { stdout: "done\n", stderr: "", logs: [], exit_code: 0, duration_ms: 40, stdout_bytes: 5, stderr_bytes: 0 }, error: null, started_at_ns: started, finished_at_ns: now, runner_meta: meta, audit_ref: auditRef });
  const error =
    outcome === "error"
      ? { code: "EXECUTION_ERROR", message: "Runner execution failed: exit_code=Some(1)" }
      : { code: "EXECUTION_OTHER", message: `Runner execution completed with status: ${outcome === "timeout" ? "Timeout" : "Killed"}` };
  return stringifyLossless({ ...base, status: "error", output: null, error, started_at_ns: started, finished_at_ns: now, runner_meta: meta, audit_ref: auditRef });
}

function admit(m: JsMsg, trusted: readonly string[] | undefined): { intent: Intent; digest: string } | AdmissionFailure {
  let intent: Intent;
  const text = new TextDecoder().decode(m.data);
  try {
    const parsed = intentSchema.safeParse(parseLossless(text));
    if (!parsed.success) return "schema";
    intent = parsed.data;
  } catch {
    return "schema";
  }
  const digest = m.headers?.get("capability-digest") ?? "";
  if (digest === "") return "missing-digest";
  if (intentExpiresAtNs(intent) < BigInt(Date.now()) * 1_000_000n) return "expired";
  if (trusted && trusted.length > 0 && verifyIntentSignature(text, { trustedSigners: trusted }).state !== "verified") return "signature";
  return { intent, digest };
}

/**
 * agentd's executor as the bus sees it: pulls intents from its durable consumers, acks
 * every one, answers an admitted intent with a result published by core NATS on
 * `smith.results.<id>`, and answers an intent that fails admission with nothing at all.
 */
export function startSmithExecutor(nc: NatsConnection, o: ExecutorOptions): SmithExecutor {
  const counts: ExecutorCounts = { received: 0, answered: 0, rejected: { schema: 0, "missing-digest": 0, expired: 0, signature: 0 } };
  const js = jetstream(nc);
  let stopped = false;
  const decide = o.decide ?? byHash;
  const loops = o.consumers.map(async (c) => {
    const consumer = await js.consumers.get(c.stream, c.durable);
    while (!stopped) {
      try {
        const batch = await consumer.fetch({ max_messages: 16, expires: 1000 });
        for await (const m of batch) {
          counts.received++;
          const admitted = admit(m, o.trustedSigners);
          if (typeof admitted === "string") {
            counts.rejected[admitted]++;
            m.ack();
            continue;
          }
          nc.publish(`smith.results.${admitted.intent.id}`, resultFor(admitted.intent, decide(admitted.intent), admitted.digest));
          counts.answered++;
          m.ack();
        }
      } catch {
        // The server is away or restarting: the real executor retries too.
        if (!stopped) await new Promise((r) => setTimeout(r, 250));
      }
    }
  });
  return {
    counts,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      await nc.flush().catch(() => undefined);
    },
  };
}
