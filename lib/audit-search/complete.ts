import { AUDIT_FIELDS, FIELD_NAMES, isAuditField } from "./fields";

export interface Completion {
  /** What replaces the word being typed. */
  insert: string;
  label: string;
  detail: string;
}

/**
 * Completions for the word that ends at `cursor`: field names while typing a bare word,
 * known values (and `extra` values the index knows, e.g. executors and rules) after `field:`.
 */
export function completeAuditQuery(input: string, cursor: number, extra: Partial<Record<string, readonly string[]>> = {}): { from: number; items: Completion[] } {
  const before = input.slice(0, cursor);
  const from = before.search(/\S*$/);
  const word = before.slice(from);
  const colon = word.indexOf(":");
  if (colon === -1) {
    const w = word.toLowerCase();
    return {
      from,
      items: FIELD_NAMES.filter((f) => f.startsWith(w) && w.length > 0).map((f) => ({ insert: `${f}:`, label: `${f}:`, detail: AUDIT_FIELDS[f].description })),
    };
  }
  const field = word.slice(0, colon).toLowerCase();
  if (!isAuditField(field)) return { from, items: [] };
  const typed = word.slice(colon + 1).replace(/^"/, "").toLowerCase();
  const values = [...new Set([...AUDIT_FIELDS[field].values, ...(extra[field] ?? [])])];
  return {
    from,
    items: values
      .filter((v) => v.toLowerCase().startsWith(typed))
      .slice(0, 20)
      .map((v) => ({ insert: `${field}:${/[\s"]/.test(v) ? `"${v}"` : v}`, label: v, detail: AUDIT_FIELDS[field].description })),
  };
}
