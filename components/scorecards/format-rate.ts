import type { ModelScorecardAnswer } from "@/lib/contract/replies";

type Rate = ModelScorecardAnswer["applied"];

export function pct(v: number | null, digits = 1): string {
  return v === null ? "—" : `${(v * 100).toFixed(digits)}%`;
}

/** "62.5% [47.0–75.8] n=40": the value, its 95% interval and the sample it rests on. */
export function rateText(r: Rate): string {
  return r.value === null ? "no replies" : `${pct(r.value)} [${pct(r.low)}–${pct(r.high)}] ${r.k}/${r.n}`;
}

export function usd(v: number | null): string {
  if (v === null) return "—";
  return v < 0.01 && v > 0 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

/**
 * A cost as Newt states it: absent = unknown (never "$0"), 0.0 = confirmed free.
 * `costed` of `of` replies reported one: below all of them the sum is a lower bound.
 */
export function costText(v: number | null, costed = 1, of = 1): string {
  if (v === null || costed === 0) return "unknown";
  const amount = v === 0 ? "$0 (free)" : usd(v);
  return costed < of ? `≥ ${amount}, ${of - costed} unknown` : amount;
}

export function ms(v: number | null): string {
  if (v === null) return "—";
  return v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`;
}
