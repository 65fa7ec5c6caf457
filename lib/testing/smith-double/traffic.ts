import { randomUUID } from "node:crypto";
import type { NatsConnection } from "@nats-io/nats-core";
import { plannerWorkflowMessages } from "../planner-workflow";
import { publishIntent, smithIntent, type AgentKey } from "./agent";

/** The double's agent key name: `npm run demo -- --smith` trusts its key. */
export const DOUBLE_AGENT = "demo-agent";

/** What an agent of the double sends; admission rejects all but `good` without a result. */
export type IntentKind = "good" | "missing-digest" | "expired" | "tampered";

const CAPS = ["fs.read.v1", "shell.exec.v1", "http.fetch.v1"] as const;

function paramsFor(capability: string, n: number): unknown {
  if (capability === "fs.read.v1") return { path: `/srv/app/${n % 40}.log`, max_bytes: 65536, follow_symlinks: false };
  if (capability === "shell.exec.v1") return { command: "make", args: ["test", `SHARD=${n % 8}`], env: null, cwd: "/srv/app", timeout_ms: 30000, stdin: null };
  return { url: `https://api.internal/items/${n}`, method: "GET", headers: null, body: null, timeout_ms: 5000 };
}

/** The mix of one in twenty: mostly good, with each admission failure now and then. */
export function kindOf(n: number): IntentKind {
  const r = n % 20;
  return r === 7 ? "missing-digest" : r === 13 ? "expired" : r === 17 ? "tampered" : "good";
}

/** Publishes the double's n-th intent the way an agent would (or would by mistake). */
export async function publishAgentIntent(nc: NatsConnection, key: AgentKey, n: number, sessionId: string): Promise<IntentKind> {
  const kind = kindOf(n);
  const capability = CAPS[n % CAPS.length] ?? "fs.read.v1";
  const intent = smithIntent({
    capability,
    key,
    params: paramsFor(capability, n),
    ttlMs: kind === "expired" ? 1 : 30_000,
    createdAtNs: kind === "expired" ? (BigInt(Date.now()) - 60_000n) * 1_000_000n : undefined,
    metadata: { session_id: sessionId, domain: "production", vm_profile: "standard", agent: "smith-double-agent" },
  });
  const text = kind === "tampered" ? intent.text.replace(/"params":\{"/, '"params":{"tampered":true,"') : intent.text;
  await publishIntent(nc, { ...intent, text }, { digest: kind !== "missing-digest" });
  return kind;
}

/**
 * The planner workflow of the double's n-th session, as agentd's planner API publishes it:
 * core NATS on `smith.planner_exec.events` and `.streams.<session>` (agentd lays out no
 * stream for them), paced as the actions run. Every third workflow fails at its second action.
 */
export async function publishPlannerWorkflow(nc: Pick<NatsConnection, "publish">, sessionId: string, n: number): Promise<void> {
  const steps = Array.from({ length: 3 + (n % 3) }, (_, i) => ({
    actionId: randomUUID(),
    outcome: n % 3 === 2 && i === 1 ? ("failed" as const) : ("completed" as const),
    ms: 800 + ((n * 7 + i * 13) % 12) * 100,
    ...(n % 3 === 2 && i === 1 ? { error: { code: "EXECUTION_ERROR", message: "make test exited with status 2" } } : {}),
  }));
  let at = 0;
  for (const m of plannerWorkflowMessages({ sessionId, goal: `Double session ${n}: run the test shards`, startMs: Date.now(), steps })) {
    if (m.atMs > at) await new Promise((r) => setTimeout(r, m.atMs - at));
    at = m.atMs;
    nc.publish(m.subject, m.payload);
  }
}
