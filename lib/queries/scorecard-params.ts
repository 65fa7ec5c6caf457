import { parseAsString, parseAsStringLiteral } from "nuqs/server";
import { BUCKET_KEYS } from "@/lib/scorecards/trends";

export const SCORE_RANGES = ["1h", "24h", "7d", "30d"] as const;
const RANGE_MS: Record<(typeof SCORE_RANGES)[number], number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export const SORT_KEYS = ["model", "replies", "structured", "prose", "disqualified", "applied", "hallucinations", "cost", "costPerApplied", "elapsedP50"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/**
 * Scorecard choices in the URL: a pilot run (`pilot`) or a time range (`range`, or `from`
 * / `to`), a model, the sort, the trend bucket, and compare's A / B. Every view is a link.
 */
export const scorecardParsers = {
  pilot: parseAsString,
  range: parseAsStringLiteral(SCORE_RANGES),
  from: parseAsString,
  to: parseAsString,
  model: parseAsString,
  sort: parseAsStringLiteral(SORT_KEYS),
  dir: parseAsStringLiteral(["asc", "desc"] as const),
  bucket: parseAsStringLiteral(BUCKET_KEYS),
  figure: parseAsStringLiteral(["prose", "structured", "applied", "disqualified"] as const),
  a: parseAsString,
  b: parseAsString,
};

export interface ScoreScope {
  pilot: string | null;
  range: (typeof SCORE_RANGES)[number] | null;
  from: string | null;
  to: string | null;
  model: string | null;
}

/** The API's scope parameters; a relative range is resolved at `now`. */
export function scopeSearch(s: ScoreScope, now: number): URLSearchParams {
  const q = new URLSearchParams();
  if (s.pilot) q.set("pilot", s.pilot);
  else if (s.range) q.set("from", String(now - RANGE_MS[s.range]));
  else {
    if (s.from) q.set("from", s.from);
    if (s.to) q.set("to", s.to);
  }
  if (s.model) q.set("model", s.model);
  return q;
}
