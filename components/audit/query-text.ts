import type { AuditField } from "@/lib/audit-search/fields";
import { formatAuditQuery, parseAuditQuery } from "@/lib/audit-search/parse";

/** Fields an event has one value of: a second, different value of one would match nothing. */
const SINGLE_VALUED: ReadonlySet<AuditField> = new Set(["executor", "status", "decision", "sandbox", "capability", "domain", "signer", "intent"]);

/** `field:value` as the query language writes it (quoted when it holds a space or a quote). */
export function termText(field: AuditField, value: string): string {
  const v = /[\s"]/.test(value) || value === "" ? `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"` : value;
  return `${field}:${v}`;
}

/**
 * The query with `field:value` in it: added at the end for a field an event can hold
 * several of (rules: both must match), in place of the field's other values for a
 * single-valued one (`decision:deny` then `decision:allow` asks for allow). A term
 * already there is kept as is.
 */
export function addTerm(query: string, field: AuditField, value: string): string {
  const term = termText(field, value);
  const q = query.trim();
  if (q.split(/\s+/).includes(term)) return q;
  const parsed = parseAuditQuery(q);
  if (SINGLE_VALUED.has(field) && parsed.ok && parsed.query.terms.some((t) => t.field === field)) {
    const terms = parsed.query.terms.filter((t) => t.field !== field);
    return formatAuditQuery({ ...parsed.query, terms: [...terms, { field, value }] });
  }
  return q === "" ? term : `${q} ${term}`;
}
