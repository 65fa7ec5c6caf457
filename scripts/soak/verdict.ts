export interface Sample {
  /** Seconds since the publisher started. */
  t: number;
  intentsHeapMb: number;
  dagHeapMb: number;
  serverRssMb: number;
  /** Seconds; Infinity when ingest was not running. */
  ingestLagS: number;
  /** The stream of the oldest message ingest had not applied. */
  ingestLagStream: string | null;
  pendingMsgs: number;
  /** Seconds; null when the page never showed a lag. */
  pageLagS: number | null;
  /** Messages stored in the streams a second since the previous sample. */
  rate: number;
}

export const MEMORY_SERIES = [
  { key: "intentsHeapMb", label: "/intents JS heap" },
  { key: "dagHeapMb", label: "DAG JS heap" },
  { key: "serverRssMb", label: "server RSS" },
] as const;

export const LAG_LIMIT_S = 1;
/** Memory passes when its trend, carried over the whole run, adds less than this share of its mean. */
export const GROWTH_LIMIT = 0.1;

/** Least-squares slope of y over x (x in seconds), per minute. */
export function slopePerMinute(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    num += dx * ((ys[i] ?? 0) - my);
    den += dx * dx;
  }
  return den === 0 ? NaN : (num / den) * 60;
}

/** The first 20% of the run, at least a minute, but never more than half the run. */
export function warmUpSeconds(minutes: number): number {
  const run = minutes * 60;
  return Math.max(0.2 * run, Math.min(60, 0.5 * run));
}

export interface MemoryCheck {
  label: string;
  slopeMbPerMin: number;
  meanMb: number;
  /** Slope × run minutes, as a share of the mean. */
  projectedGrowth: number;
  pass: boolean;
}

export interface Verdict {
  warmUpS: number;
  steady: Sample[];
  memory: MemoryCheck[];
  maxIngestLagS: number;
  /** The sample with the highest ingest lag. */
  worstIngest: Sample | null;
  maxPageLagS: number | null;
  meanRate: number;
  pass: boolean;
  reasons: string[];
}

export function judge(samples: readonly Sample[], minutes: number): Verdict {
  const warmUpS = warmUpSeconds(minutes);
  const steady = samples.filter((s) => s.t > warmUpS);
  const reasons: string[] = [];
  if (steady.length < 3) reasons.push(`only ${steady.length} samples after warm-up (need 3)`);
  const memory = MEMORY_SERIES.map(({ key, label }): MemoryCheck => {
    const ys = steady.map((s) => s[key]);
    const slope = slopePerMinute(
      steady.map((s) => s.t),
      ys,
    );
    const mean = ys.reduce((a, b) => a + b, 0) / Math.max(1, ys.length);
    const projectedGrowth = (Math.max(0, slope) * minutes) / mean;
    const pass = Number.isFinite(projectedGrowth) && projectedGrowth < GROWTH_LIMIT;
    if (!pass) reasons.push(`${label} grows ${slope.toFixed(2)} MB/min (${(projectedGrowth * 100).toFixed(1)}% of its mean over the run)`);
    return { label, slopeMbPerMin: slope, meanMb: mean, projectedGrowth, pass };
  });
  const maxIngestLagS = Math.max(0, ...steady.map((s) => s.ingestLagS));
  const worstIngest = steady.find((s) => s.ingestLagS === maxIngestLagS) ?? null;
  const pageLags = steady.map((s) => s.pageLagS);
  const maxPageLagS = pageLags.some((l) => l === null) ? null : Math.max(0, ...pageLags.map((l) => l ?? 0));
  if (!(maxIngestLagS < LAG_LIMIT_S)) reasons.push(`ingest lag reached ${maxIngestLagS.toFixed(2)} s`);
  if (maxPageLagS === null) reasons.push("the /intents page showed no lag (no live updates) in a sample");
  else if (!(maxPageLagS < LAG_LIMIT_S)) reasons.push(`/intents page lag reached ${maxPageLagS.toFixed(2)} s`);
  const meanRate = steady.reduce((a, s) => a + s.rate, 0) / Math.max(1, steady.length);
  return { warmUpS, steady, memory, maxIngestLagS, worstIngest, maxPageLagS, meanRate, pass: reasons.length === 0, reasons };
}

export const RULE = `Pass rule: after warm-up, for each memory series the least-squares slope × run minutes < ${GROWTH_LIMIT * 100}% of its mean, and the maximum of every ingest lag and /intents page lag sample < ${LAG_LIMIT_S} s.`;
