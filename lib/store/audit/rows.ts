import "server-only";
import type { PolicyDecision } from "@/lib/protocol/smith-audit";
import { DECISIONS, SIGNATURE_VERDICTS, type AuditEventItem } from "@/lib/contract/audit";
import { oneOf, oneOfOr } from "../core/row-values";
import { apiJson } from "../core/values";

/*
 * An audit event as the list, the groups and the export read it: the row, the columns
 * that select it, and the row as an API item. Split from search.ts, which page.ts needs
 * these of, so that neither imports the other.
 */

export interface AuditRow {
  id: number;
  intent_id: string;
  capability: string | null;
  domain: string | null;
  signer: string | null;
  signature_state: string | null;
  channel: string;
  security_type: string | null;
  executor_id: string;
  result_status: string;
  status_norm: string;
  decision: string;
  timestamp_ns: string;
  ts_ms: number;
  sandbox_mode: string;
  cgroup_path: string | null;
  landlock: number;
  seccomp: number;
  resource_usage: string | null;
  security_context: string;
  decisions: string;
  stream: string;
  seq: number;
}

export const AUDIT_COLUMNS = `a.id, a.intent_id, i.capability, i.domain, i.signer,
  i.signature_state, a.channel, a.security_type,
  a.executor_id, a.result_status, a.status_norm, a.decision, a.timestamp_ns, a.ts_ms,
  a.sandbox_mode, a.cgroup_path, a.landlock, a.seccomp, a.resource_usage, a.security_context,
  a.decisions, a.stream, a.seq`;

const CHANNELS = ["policy", "execution", "security"] as const;

export type DecisionFacts = Pick<PolicyDecision, "rule_name" | "decision" | "reason">;

/** Rows to API items; each row carries its decisions. */
export function auditItems(rows: readonly AuditRow[]): AuditEventItem[] {
  return rows.map((r) => ({
    id: r.id,
    intentId: r.intent_id,
    capability: r.capability,
    domain: r.domain,
    signer: r.signer,
    signatureState: oneOf(SIGNATURE_VERDICTS, r.signature_state),
    channel: oneOfOr(CHANNELS, r.channel, "security"),
    securityType: r.security_type,
    executorId: r.executor_id,
    resultStatus: r.result_status,
    status: r.status_norm,
    decision: oneOfOr(DECISIONS, r.decision, "none"),
    timestampNs: r.timestamp_ns,
    tsMs: r.ts_ms,
    sandboxMode: r.sandbox_mode,
    cgroupPath: r.cgroup_path,
    landlock: r.landlock !== 0,
    seccomp: r.seccomp !== 0,
    decisions: parseDecisions(r.decisions).map((d) => ({
      ruleName: d.rule_name,
      decision: d.decision,
      reason: d.reason,
    })),
    resourceUsage: apiJson(r.resource_usage),
    securityContext: apiJson(r.security_context),
    stream: r.stream,
    seq: r.seq,
  }));
}

/** The decisions column read back; entries that are not objects of strings are skipped. */
export function parseDecisions(text: string): DecisionFacts[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) return [];
  const out: DecisionFacts[] = [];
  for (const d of value) {
    if (d === null || typeof d !== "object") continue;
    const rule: unknown = Reflect.get(d, "rule_name");
    const decision: unknown = Reflect.get(d, "decision");
    const reason: unknown = Reflect.get(d, "reason");
    if (typeof rule !== "string" || typeof reason !== "string") continue;
    if (decision !== "allow" && decision !== "deny" && decision !== "transform") continue;
    out.push({ rule_name: rule, decision, reason });
  }
  return out;
}
