import "server-only";
import { auditFilterParams, toAuditFilter } from "@/lib/api/audit-params";
import type { AuditFilter } from "@/lib/store";

/** A rule's audit query as the Audit page's filter, or the parser's message (the form shows it). */
export function ruleAuditFilter(query: string): { ok: true; filter: AuditFilter } | { ok: false; error: string } {
  const p = auditFilterParams.safeParse({ q: query });
  if (!p.success) return { ok: false, error: p.error.issues[0]?.message ?? "not an audit query" };
  return { ok: true, filter: toAuditFilter(p.data, 0) };
}
