import { stringifyLossless } from "@/lib/protocol/json";
import type { IngestRecord } from "@/lib/store";
import { auditRecord } from "./audit-fixture";

let counter = 0;

/** A v4-shaped id unique in the process (the index keys events by intent id and stream seq). */
export function testIntentId(): string {
  const n = (++counter).toString(16).padStart(12, "0");
  return `0190a1b2-c3d4-4e5f-8a9b-${n}`;
}

/** An audit event's body: a policy decision of `decision` by `rule` at `ms`, as Smith's audit channel writes it. */
export function auditBody(intentId: string, ms: number, o: { decision?: "allow" | "deny"; rule?: string; executor?: string } = {}) {
  const deny = (o.decision ?? "deny") === "deny";
  return {
    intent_id: intentId,
    result_status: deny ? "denied" : "ok",
    timestamp_ns: BigInt(ms) * 1_000_000n,
    executor_id: o.executor ?? "exec-alerts-01",
    policy_decisions: [{ rule_name: o.rule ?? "egress-domains", decision: deny ? "deny" : "allow", reason: deny ? "egress outside the allowlist" : "within limits" }],
    security_context: { sandbox_mode: "full", user_ns: 1, mount_ns: 2, pid_ns: 3, net_ns: null, cgroup_path: "/sys/fs/cgroup/x.scope", landlock_enabled: true, seccomp_enabled: true, allowlist_hits: null },
  };
}

/** `count` policy events at `ms` (denials unless told), as ingest records from `seq` on. */
export function auditBurst(fromSeq: number, count: number, ms: number, o: { decision?: "allow" | "deny"; rule?: string } = {}): IngestRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const id = testIntentId();
    return auditRecord(fromSeq + i, "policy", id, auditBody(id, ms, o));
  });
}

export const auditBodyBytes = (intentId: string, ms: number, o?: { decision?: "allow" | "deny"; rule?: string }) => new TextEncoder().encode(stringifyLossless(auditBody(intentId, ms, o)));
