import { stringifyLossless } from "@/lib/protocol/json";
import type { IngestRecord } from "@/lib/store";
import { Prng } from "./demo/prng";
import { uuidV7 } from "./demo/ids";

const EXECUTORS = Array.from({ length: 24 }, (_, i) => `exec-${["prod", "staging", "ci", "research"][i % 4]}-${String(i).padStart(2, "0")}`);
const RULES = ["capability-allowlist", "path-sandbox", "egress-domains", "rate-limit", "secrets-redaction", "signature-verify"];
const WORDS = ["kubeconfig", "postgres", "terraform", "pytest", "cargo", "nginx", "redis", "grafana", "vault", "ssh", "docker", "helm"];
const STATUSES: [string, number][] = [["ok", 70], ["denied", 15], ["error", 8], ["timeout", 4], ["killed", 3]];

/** One audit event as ingest receives it on AUDIT_SECURITY (`smith.audit.<channel>.<intent>`). */
export function auditRecord(seq: number, channel: "policy" | "execution", intentId: string, body: unknown): IngestRecord {
  return {
    stream: "AUDIT_SECURITY",
    seq,
    subject: `smith.audit.${channel}.${intentId}`,
    headers: null,
    payload: new TextEncoder().encode(stringifyLossless(body)),
    publishedAtNs: null,
  };
}

/**
 * `count` audit events (policy and execution, realistic spread of executors, rules,
 * reasons and sandbox modes over 30 days) as ingest records on AUDIT_SECURITY.
 */
export function* auditRecords(count: number, seed = 11): Generator<IngestRecord[]> {
  const prng = Prng.derive(seed, "bench-audit");
  const end = Date.now();
  const start = end - 30 * 24 * 3_600_000;
  const batch: IngestRecord[] = [];
  for (let i = 0; i < count; i++) {
    const ms = start + Math.floor(((end - start) * i) / count);
    const id = uuidV7(prng, ms);
    const status = prng.weighted(STATUSES);
    const channel = i % 2 === 0 ? "policy" : "execution";
    const denied = status === "denied";
    const word = prng.pick(WORDS);
    const decisions = prng.pick([1, 2, 3]);
    const body = {
      intent_id: id,
      result_status: status,
      timestamp_ns: BigInt(ms) * 1_000_000n + BigInt(prng.int(0, 999_999)),
      executor_id: prng.pick(EXECUTORS),
      policy_decisions: Array.from({ length: decisions }, (_, k) => ({
        rule_name: RULES[(i + k) % RULES.length],
        decision: denied && k === 0 ? "deny" : prng.chance(0.1) ? "transform" : "allow",
        reason: denied && k === 0 ? `${word} access outside the allowlist` : `${word} request within limits`,
      })),
      security_context: {
        sandbox_mode: prng.pick(["full", "full", "demo", "unsafe"]),
        user_ns: 4026531837, mount_ns: 4026531840, pid_ns: 4026531836, net_ns: null,
        cgroup_path: `/sys/fs/cgroup/smith.slice/intent-${id.slice(-12)}.scope`,
        landlock_enabled: true, seccomp_enabled: true, allowlist_hits: null,
      },
      ...(channel === "execution"
        ? { resource_usage: { peak_memory_kb: prng.int(2000, 90000), cpu_time_ms: prng.int(1, 900), wall_time_ms: prng.int(1, 3000), fd_count: 12, disk_read_bytes: 4096, disk_write_bytes: 0, network_tx_bytes: 0, network_rx_bytes: 0 } }
        : {}),
    };
    batch.push(auditRecord(i + 1, channel, id, body));
    if (batch.length === 5000) yield batch.splice(0);
  }
  if (batch.length > 0) yield batch;
}
