import { z } from "zod";
import { streamSeqsSchema } from "./list";

/** The windows the Overview offers: the ones every view it links to understands. */
export const OVERVIEW_WINDOWS = ["15m", "1h", "24h", "7d"] as const;
export type OverviewWindow = (typeof OVERVIEW_WINDOWS)[number];
export const OVERVIEW_WINDOW_MS: Record<OverviewWindow, number> = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
};
/** Sparkline buckets across the window. */
export const OVERVIEW_BUCKETS = 12;

export const FIGURE_GROUPS = ["integrity", "audit", "sessions", "scorecards", "health"] as const;

export const overviewFigureSchema = z.object({
  /** Stable id (`integrity.invalid`, `audit.deny`, ...): tests and links key on it. */
  id: z.string(),
  group: z.enum(FIGURE_GROUPS),
  label: z.string(),
  value: z.number().int().nonnegative(),
  /** A line of context: the rate and its baseline, what the count is out of. */
  detail: z.string().nullable(),
  /** alarm: needs someone now; warn: worth a look; ok: nothing to do. */
  level: z.enum(["ok", "warn", "alarm"]),
  /** The filtered view whose rows this count counts (same-origin path + query). */
  href: z.string().startsWith("/"),
  /** Counts per bucket over the window, oldest first (sums to `value`); null when the figure is a state now. */
  spark: z.array(z.number().int().nonnegative()).nullable(),
});
export type OverviewFigure = z.infer<typeof overviewFigureSchema>;

export const overviewSchema = z.object({
  window: z.enum(OVERVIEW_WINDOWS),
  /** Epoch ms the window was resolved at (its end). */
  atMs: z.number().int(),
  figures: z.array(overviewFigureSchema),
  /** Groups left out because the reader's role may not read what they count. */
  withheld: z.array(z.enum(FIGURE_GROUPS)),
  seq: streamSeqsSchema,
});
export type Overview = z.infer<typeof overviewSchema>;
