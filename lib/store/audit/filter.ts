import "server-only";

/** One value, or several that must all hold (a field given twice in a query). */
export type FilterValue = string | readonly string[];

export function allOf(v: FilterValue | undefined): readonly string[] {
  return v === undefined ? [] : typeof v === "string" ? [v] : v;
}

/**
 * The one value a field must equal when all of `v` must hold: undefined when none is
 * given, null when they differ (nothing can equal two values). SQL then binds one value
 * however often a query repeats the field, so its text does not depend on the count.
 */
export function theValue(v: FilterValue | undefined): string | null | undefined {
  const all = allOf(v);
  const first = all[0];
  return first === undefined ? undefined : all.every((x) => x === first) ? first : null;
}

export interface AuditFilter {
  executor?: FilterValue;
  /** Normalized status (`success` / `failed` folded into `ok` / `error`). */
  status?: FilterValue;
  /** The event's overall decision. */
  decision?: FilterValue;
  /** Events that have a decision by this rule (several: by each of them). */
  rule?: FilterValue;
  sandbox?: FilterValue;
  channel?: FilterValue;
  /** The intent's capability, domain and signer (events of unindexed intents never match). */
  capability?: FilterValue;
  domain?: FilterValue;
  signer?: FilterValue;
  intentId?: FilterValue;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** An FTS5 query (see `toFtsQuery`). */
  match?: string;
  after?: readonly [number, number];
  limit: number;
}

/** Before the page cursor in the list's order (time, then id, descending), or no cursor. */
export function isBefore(after: AuditFilter["after"], ts: number, id: number): boolean {
  if (!after) return true;
  const [t, i] = after;
  return ts < t || (ts === t && id < i);
}
