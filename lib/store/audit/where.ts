import "server-only";
import type { Combo } from "./combos";
import { comboMatches, hasComboFilter } from "./facets";
import { theValue, type AuditFilter } from "./filter";
import { AUDIT_MATCH } from "../core/fts-docs";
import { Where } from "../core/row-values";

/** `column = ?` for a field whose every given value must hold (one condition, one text). */
function equal(where: Where, column: string, v: AuditFilter["intentId"]): void {
  const value = theValue(v);
  if (value === null) where.add("0");
  else where.opt(`${column} = ?`, value);
}

/** Conditions on the filter's time, intent and text, over `audit_events a`. */
export function baseWhere(f: AuditFilter): Where {
  const where = new Where().opt("a.ts_ms >= ?", f.from).opt("a.ts_ms < ?", f.to);
  equal(where, "a.intent_id", f.intentId);
  return where.opt(AUDIT_MATCH, f.match);
}

/**
 * The filter as SQL over `audit_events a LEFT JOIN intents i`, shared by the page and
 * the export. The structured filters on the event become "combo in (the combos that
 * match)", so the page is a walk down audit_by_time whatever the combination; those on
 * the intent are checked on the joined row. Null when no combo can match.
 */
export function auditWhere(
  f: AuditFilter,
  combos: ReadonlyMap<number, Combo>,
  pass?: Uint8Array,
): Where | null {
  const where = baseWhere(f);
  equal(where, "i.capability", f.capability);
  equal(where, "i.domain", f.domain);
  equal(where, "i.signer", f.signer);
  if (hasComboFilter(f)) {
    const ids: number[] = [];
    for (const [id, c] of combos) if (pass ? pass[id] === 1 : comboMatches(c, f)) ids.push(id);
    if (ids.length === 0) return null;
    where.add("a.combo IN (SELECT value FROM json_each(?))", JSON.stringify(ids));
  }
  return where;
}
