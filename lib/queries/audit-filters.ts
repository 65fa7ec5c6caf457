import { parseAsString, parseAsStringLiteral } from "nuqs/server";

export const AUDIT_RANGES = ["15m", "1h", "24h", "7d", "all"] as const;
export type AuditRange = (typeof AUDIT_RANGES)[number];
const RANGE_MS: Record<Exclude<AuditRange, "all">, number> = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
};

export const AUDIT_VIEWS = ["events", "intents"] as const;
export type AuditView = (typeof AUDIT_VIEWS)[number];

/**
 * The Audit view's state as URL search params (nuqs), shared by the server page's
 * prefetch and the client. No range and no from/to is "all": the default never hides
 * live data, and a relative range always ends now.
 */
export const auditFilterParsers = {
  q: parseAsString,
  range: parseAsStringLiteral(AUDIT_RANGES),
  from: parseAsString,
  to: parseAsString,
  view: parseAsStringLiteral(AUDIT_VIEWS),
};

export interface AuditFilters {
  q: string | null;
  range: AuditRange | null;
  from: string | null;
  to: string | null;
}

/** What the list, facets, histogram, groups and export share (not the view mode). */
export function auditFiltersOf(s: AuditFilters): AuditFilters {
  return { q: s.q?.trim() ? s.q.trim() : null, range: s.range, from: s.from, to: s.to };
}

/** The range in epoch ms at `now`: a relative range ends now, an absolute one as given. */
export function resolveRange(f: AuditFilters, now: number): { from: number | null; to: number | null } {
  if (f.range && f.range !== "all") return { from: now - RANGE_MS[f.range], to: null };
  if (f.range === "all") return { from: null, to: null };
  const ms = (v: string | null) => {
    if (!v) return null;
    const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    return Number.isFinite(t) ? t : null;
  };
  return { from: ms(f.from), to: ms(f.to) };
}

/** The API query string for the filters (relative ranges resolved at `now`). */
export function auditFilterSearch(f: AuditFilters, now: number, extra: Record<string, string | null | undefined> = {}): URLSearchParams {
  const s = new URLSearchParams();
  if (f.q) s.set("q", f.q);
  const { from, to } = resolveRange(f, now);
  if (from !== null) s.set("from", String(from));
  if (to !== null) s.set("to", String(to));
  for (const [k, v] of Object.entries(extra)) if (v) s.set(k, v);
  return s;
}
