import type { AuditField } from "@/lib/audit-query/fields";

/** `field:value` as the query language writes it (quoted when it holds a space or a quote). */
export function termText(field: AuditField, value: string): string {
  const v = /[\s"]/.test(value) || value === "" ? `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"` : value;
  return `${field}:${v}`;
}

/** The query with `field:value` added at the end (once: a term already there is kept as is). */
export function addTerm(query: string, field: AuditField, value: string): string {
  const term = termText(field, value);
  const q = query.trim();
  if (q.split(/\s+/).includes(term)) return q;
  return q === "" ? term : `${q} ${term}`;
}
