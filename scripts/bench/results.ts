import { appendFileSync } from "node:fs";
import { z } from "zod";

/**
 * One figure of a benchmark, as `npm run bench` tabulates it: Pilot's value, the same-run
 * baseline where the benchmark has one, and whether the target holds. Each bench script
 * records its figures here; `npm run bench` sets PILOT_BENCH_RESULTS to collect them.
 */
export const benchFigureSchema = z.object({
  bench: z.string(),
  figure: z.string(),
  unit: z.string(),
  pilot: z.number(),
  baseline: z.number().nullable(),
  target: z.string(),
  pass: z.boolean(),
});
export type BenchFigure = z.infer<typeof benchFigureSchema>;

export function recordFigure(f: BenchFigure): void {
  const file = process.env.PILOT_BENCH_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify(f)}\n`);
}

/** `≤ limit` / `≥ limit` as a target and its verdict. */
export function atMost(value: number, limit: number, unit: string): { target: string; pass: boolean } {
  return { target: `≤ ${limit.toLocaleString("en-US")} ${unit}`, pass: value <= limit };
}

export function atLeast(value: number, limit: number, unit: string): { target: string; pass: boolean } {
  return { target: `≥ ${limit.toLocaleString("en-US")} ${unit}`, pass: value >= limit };
}
