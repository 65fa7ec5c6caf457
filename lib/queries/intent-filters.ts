import { parseAsString, parseAsStringLiteral } from "nuqs/server";
import { INTENT_STATUSES, SIGNATURE_STATES } from "@/lib/contract/intents";

export const RELATIVE_RANGES = ["15m", "1h", "6h", "24h", "7d"] as const;
/** `conflicting`: only intent ids that also came with other bytes (an integrity alarm). */
export const COPIES_FILTERS = ["conflicting"] as const;
export type RelativeRange = (typeof RELATIVE_RANGES)[number];
const RANGE_MS: Record<RelativeRange, number> = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
};

/**
 * The Intents view's filters as URL search params (nuqs): the same parsers serve the
 * server page's prefetch and the client's `useQueryStates`, so a URL is a permalink.
 */
export const intentFilterParsers = {
  capability: parseAsString,
  domain: parseAsString,
  status: parseAsStringLiteral(INTENT_STATUSES),
  signature: parseAsStringLiteral(SIGNATURE_STATES),
  copies: parseAsStringLiteral(COPIES_FILTERS),
  q: parseAsString,
  range: parseAsStringLiteral(RELATIVE_RANGES),
  from: parseAsString,
  to: parseAsString,
};

export interface IntentFilters {
  capability: string | null;
  domain: string | null;
  status: (typeof INTENT_STATUSES)[number] | null;
  signature: (typeof SIGNATURE_STATES)[number] | null;
  /** Absent from older permalinks and callers: no such filter. */
  copies?: (typeof COPIES_FILTERS)[number] | null;
  q: string | null;
  range: RelativeRange | null;
  from: string | null;
  to: string | null;
}

/** The API query string for a set of filters; a relative range is resolved at `now`. */
export function intentFilterSearch(f: IntentFilters, now: number, cursor?: string | null): URLSearchParams {
  const s = new URLSearchParams();
  if (f.capability) s.set("capability", f.capability);
  if (f.domain) s.set("domain", f.domain);
  if (f.status) s.set("status", f.status);
  if (f.signature) s.set("signature", f.signature);
  if (f.copies) s.set("copies", f.copies);
  if (f.q) s.set("q", f.q);
  if (f.range) s.set("from", String(now - RANGE_MS[f.range]));
  else if (f.from) s.set("from", f.from);
  if (!f.range && f.to) s.set("to", f.to);
  if (cursor) s.set("cursor", cursor);
  return s;
}
