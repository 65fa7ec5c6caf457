import "server-only";
import type { PolicyDecision } from "@/lib/protocol/smith-audit";
import { DECISIONS, SIGNATURE_VERDICTS, type AuditEventItem } from "@/lib/contract/audit";
import { oneOf, oneOfOr } from "../core/row-values";
import { apiJson } from "../core/values";
import type { ReadContext } from "../core/read-context";
import type { Combo } from "./combos";
import { readCombos } from "./facets";
import { payloadColumns } from "./payload-columns";
import { readPayloads } from "./payload-store";

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
  security_type: string | null;
  timestamp_ns: string;
  ts_ms: number;
  combo: number;
  stream: string;
  seq: number;
}

/** The row's own columns; its facts come from its combo, the rest from its payload. */
export const AUDIT_COLUMNS = `a.id, a.intent_id, i.capability, i.domain, i.signer,
  i.signature_state, a.security_type, a.timestamp_ns, a.ts_ms, a.combo, a.stream, a.seq`;

const CHANNELS = ["policy", "execution", "security"] as const;

export type DecisionFacts = Pick<PolicyDecision, "rule_name" | "decision" | "reason">;

const NO_COMBO: Combo = { channel: "security", executor: "", status: "unknown", decision: "none", sandbox: "none", rules: [] };

/** Rows to API items: facts from the combo dictionary, shown columns from the stored payloads. */
export function auditItems(ctx: ReadContext, rows: readonly AuditRow[]): AuditEventItem[] {
  if (rows.length === 0) return [];
  const combos = readCombos(ctx);
  const stored = readPayloads(ctx, rows.map((r) => r.id));
  return rows.map((r) => {
    const c = combos.get(r.combo) ?? NO_COMBO;
    const shown = payloadColumns(stored.get(r.id), c.channel);
    return {
      id: r.id,
      intentId: r.intent_id,
      capability: r.capability,
      domain: r.domain,
      signer: r.signer,
      signatureState: oneOf(SIGNATURE_VERDICTS, r.signature_state),
      channel: oneOfOr(CHANNELS, c.channel, "security"),
      securityType: r.security_type,
      executorId: c.executor,
      resultStatus: shown.result_status,
      status: c.status,
      decision: oneOfOr(DECISIONS, c.decision, "none"),
      timestampNs: r.timestamp_ns,
      tsMs: r.ts_ms,
      sandboxMode: c.sandbox,
      cgroupPath: shown.cgroup_path,
      landlock: shown.landlock !== 0,
      seccomp: shown.seccomp !== 0,
      decisions: parseDecisions(shown.decisions).map((d) => ({
        ruleName: d.rule_name,
        decision: d.decision,
        reason: d.reason,
      })),
      resourceUsage: apiJson(shown.resource_usage),
      securityContext: apiJson(shown.security_context),
      stream: r.stream,
      seq: r.seq,
    };
  });
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
