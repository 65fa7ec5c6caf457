import type { APIRequestContext } from "@playwright/test";
import { z } from "zod";
import { stringifyLossless } from "../../lib/protocol/json";

export interface AuditEventSpec {
  intentId: string;
  executor: string;
  /** Rule names with their decisions; any deny makes the event's decision deny. */
  decisions: readonly { rule: string; decision: "allow" | "deny" | "transform" }[];
  status: "ok" | "error" | "denied" | "timeout" | "killed";
  sandbox: "full" | "demo" | "unsafe";
  tsMs: number;
}

/** A Smith AuditEntry in the wire format (what `smith.audit.policy.<intent_id>` carries). */
export function makeAuditEntry(e: AuditEventSpec): string {
  return stringifyLossless({
    intent_id: e.intentId,
    result_status: e.status,
    // Nanoseconds above 2^53, written exactly.
    timestamp_ns: BigInt(e.tsMs) * 1_000_000n + 789n,
    executor_id: e.executor,
    policy_decisions: e.decisions.map((d) => ({ rule_name: d.rule, decision: d.decision, reason: `${d.rule} said ${d.decision}` })),
    security_context: {
      sandbox_mode: e.sandbox,
      user_ns: 4026531837,
      mount_ns: null,
      pid_ns: null,
      net_ns: null,
      cgroup_path: `/sys/fs/cgroup/smith.slice/intent-${e.intentId}.scope`,
      landlock_enabled: e.sandbox === "full",
      seccomp_enabled: true,
      allowlist_hits: null,
    },
  });
}

const auditAnswer = z.object({ total: z.number().int() });

/** `/api/audit`'s total for a query string (the index's count over the whole range). */
export async function auditTotal(request: APIRequestContext, params: Record<string, string>): Promise<number> {
  const res = await request.get(`/api/audit?${new URLSearchParams({ ...params, limit: "1" })}`);
  if (!res.ok()) throw new Error(`/api/audit ${res.status()}: ${await res.text()}`);
  return auditAnswer.parse(await res.json()).total;
}
