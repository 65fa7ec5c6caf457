import { randomUUID } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { stringifyLossless } from "../../lib/protocol/json";
import { demoKeys, signIntentText, type DemoKey } from "../../lib/testing/demo/keys";

/** The seed whose demo keys the e2e app trusts (global setup sets the trust list). */
export const E2E_SEED = 7;
export const keys = demoKeys(E2E_SEED);

export interface TestIntent {
  id: string;
  capability: string;
  text: string;
  createdAtNs: bigint;
  nonce: string;
}

/** A Smith intent in the wire format, signed by `key` (null: unsigned). */
export function makeIntent(opts: {
  key: DemoKey | null;
  params?: unknown;
  tamper?: boolean;
  domain?: string;
  /** Default 60 s. */
  ttlMs?: number;
  /** Another copy of an intent already made: same id, time and nonce. */
  sameAs?: TestIntent;
}): TestIntent {
  const id = opts.sameAs?.id ?? uuidv7();
  const capability = "fs.read.v1";
  const createdAtNs = opts.sameAs?.createdAtNs ?? BigInt(Date.now()) * 1_000_000n + 123_456n;
  const nonce = opts.sameAs?.nonce ?? randomUUID();
  const intent = (params: unknown, signature_b64: string) => ({
    id,
    capability,
    domain: opts.domain ?? "e2e",
    params,
    created_at_ns: createdAtNs,
    ttl_ms: opts.ttlMs ?? 60_000,
    nonce,
    signer: opts.key?.signer ?? "",
    signature_b64,
    metadata: { agent: "e2e-agent" },
  });
  const params = opts.params ?? { path: "/etc/hosts", max_bytes: 4096, follow_symlinks: null };
  const signature = opts.key ? signIntentText(stringifyLossless(intent(params, "")), opts.key) : "";
  const sent = opts.tamper ? { path: "/etc/shadow", max_bytes: 4096, follow_symlinks: null } : params;
  return { id, capability, text: stringifyLossless(intent(sent, signature)), createdAtNs, nonce };
}

export function makeResult(id: string, output: unknown = { content: "127.0.0.1 localhost\n", bytes: 20 }): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  return stringifyLossless({
    intent_id: id,
    status: "ok",
    output,
    error: null,
    started_at_ns: now - 5_000_000n,
    finished_at_ns: now,
    runner_meta: { pid: 4242, cpu_ms: 3, max_rss_kb: 8192, capability_digest: null },
    audit_ref: { id: `audit-${id}`, timestamp: Math.floor(Date.now() / 1000), hash: "placeholder" },
  });
}

/**
 * A result as agentd's executor writes it for a runner that ended `Timeout` or `Killed`:
 * status error, code EXECUTION_OTHER, the runner's status in the message.
 */
export function makeRunnerEndResult(id: string, runner: "Timeout" | "Killed"): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  return stringifyLossless({
    intent_id: id,
    status: "error",
    output: null,
    error: { code: "EXECUTION_OTHER", message: `Runner execution completed with status: ${runner}` },
    started_at_ns: now - 30_000_000_000n,
    finished_at_ns: now,
    runner_meta: { pid: 4243, cpu_ms: 30000, max_rss_kb: 8192, capability_digest: null },
    audit_ref: { id: `audit-${id}`, timestamp: Math.floor(Date.now() / 1000), hash: "placeholder" },
  });
}

export function makePolicy(id: string): string {
  return stringifyLossless({
    intent_id: id,
    result_status: "ok",
    timestamp_ns: BigInt(Date.now()) * 1_000_000n,
    executor_id: "exec-e2e-01",
    policy_decisions: [
      { rule_name: "capability-allowlist", decision: "allow", reason: "fs.read.v1 is allowed in e2e" },
      { rule_name: "path-sandbox", decision: "allow", reason: "/etc/hosts is inside the read allowlist" },
    ],
    security_context: {
      sandbox_mode: "full",
      user_ns: 4026531837,
      mount_ns: 4026531840,
      pid_ns: 4026531836,
      net_ns: null,
      cgroup_path: `/sys/fs/cgroup/smith.slice/intent-${id}.scope`,
      landlock_enabled: true,
      seccomp_enabled: true,
      allowlist_hits: null,
    },
  });
}

export async function publish(nc: NatsConnection, subject: string, payload: string): Promise<number> {
  const ack = await jetstream(nc).publish(subject, payload);
  return ack.seq;
}
