import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { parseAsString, parseAsStringLiteral } from "nuqs/server";
import { fetchJson } from "./fetch-json";
import { RELATIVE_RANGES, type RelativeRange } from "./intent-filters";
import { INTEGRITY_KINDS, integrityRowsSchema, integritySummarySchema, type IntegrityKind } from "@/lib/contract/integrity";
import { SIGNATURE_STATES, type SignatureStateName } from "@/lib/contract/signature-states";

const RANGE_MS: Record<RelativeRange, number> = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
};

/** The integrity view's range and open list, in the URL: a permalink, like the other views. */
export const integrityParsers = {
  range: parseAsStringLiteral(RELATIVE_RANGES),
  from: parseAsString,
  to: parseAsString,
  show: parseAsStringLiteral(INTEGRITY_KINDS),
};

export interface IntegrityRange {
  range: RelativeRange | null;
  /** ISO instants (what the date inputs write); the API also takes epoch ms. */
  from: string | null;
  to: string | null;
}

/** The API's range parameters; a relative range is resolved at `now`. */
export function integrityRangeSearch(r: IntegrityRange, now: number): URLSearchParams {
  const s = new URLSearchParams();
  if (r.range) s.set("from", String(now - RANGE_MS[r.range]));
  else {
    if (r.from) s.set("from", r.from);
    if (r.to) s.set("to", r.to);
  }
  return s;
}

export function integrityQuery(r: IntegrityRange) {
  return queryOptions({
    queryKey: ["audit-integrity", r.range, r.from, r.to] as const,
    queryFn: () => fetchJson(`/api/audit/integrity?${integrityRangeSearch(r, Date.now())}`, integritySummarySchema),
    // Counted in the server's thread (better-sqlite3 is synchronous) and about a second
    // per 300k intents over all time: refreshed twice a minute, not on every message.
    refetchInterval: 30_000,
  });
}

export function integrityRowsSearch(r: IntegrityRange, kind: IntegrityKind, now: number, cursor?: string | null): URLSearchParams {
  const s = integrityRangeSearch(r, now);
  s.set("kind", kind);
  s.set("limit", "100");
  if (cursor) s.set("cursor", cursor);
  return s;
}

export function integrityRowsQuery(r: IntegrityRange, kind: IntegrityKind) {
  return infiniteQueryOptions({
    queryKey: ["audit-integrity-rows", kind, r.range, r.from, r.to] as const,
    queryFn: ({ pageParam }) =>
      fetchJson(`/api/audit/integrity/rows?${integrityRowsSearch(r, kind, Date.now(), pageParam)}`, integrityRowsSchema),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

function isSignatureState(kind: IntegrityKind): kind is SignatureStateName {
  return SIGNATURE_STATES.some((s) => s === kind);
}

/**
 * Where a count's rows are: the Intents list filtered by signature (it has that filter
 * and the same range), else this page's own list of the kind.
 */
export function integrityRowsHref(r: IntegrityRange, kind: IntegrityKind): string {
  const s = new URLSearchParams();
  if (isSignatureState(kind)) {
    s.set("signature", kind);
    if (r.range) s.set("range", r.range);
    if (!r.range && r.from) s.set("from", r.from);
    if (!r.range && r.to) s.set("to", r.to);
    return `/intents?${s}`;
  }
  if (r.range) s.set("range", r.range);
  if (!r.range && r.from) s.set("from", r.from);
  if (!r.range && r.to) s.set("to", r.to);
  s.set("show", kind);
  return `/audit/integrity?${s}`;
}

export interface IntegrityLinkProps {
  /** The Audit view's range, carried over: a relative preset, or from/to (ISO or epoch ms). */
  range?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The integrity view over the Audit view's range, where it knows it ("all" is its default). */
export function integrityHref({ range, from, to }: IntegrityLinkProps = {}): string {
  const s = new URLSearchParams();
  const preset = RELATIVE_RANGES.find((r) => r === range);
  if (preset) s.set("range", preset);
  else if (!range) {
    if (from) s.set("from", from);
    if (to) s.set("to", to);
  }
  const qs = s.toString();
  return qs ? `/audit/integrity?${qs}` : "/audit/integrity";
}
