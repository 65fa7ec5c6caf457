import { rate, type Rate, type ReplyFacts } from "./figures";
import { overlaps } from "./wilson";

export const BUCKETS = [
  { key: "1m", ms: 60_000 },
  { key: "5m", ms: 300_000 },
  { key: "15m", ms: 900_000 },
  { key: "1h", ms: 3_600_000 },
  { key: "6h", ms: 21_600_000 },
  { key: "1d", ms: 86_400_000 },
  { key: "7d", ms: 604_800_000 },
] as const;
export type BucketKey = (typeof BUCKETS)[number]["key"];
export const BUCKET_KEYS = ["1m", "5m", "15m", "1h", "6h", "1d", "7d"] as const satisfies readonly BucketKey[];

/** At most this many buckets over the range when the bucket is chosen automatically. */
const MAX_BUCKETS = 48;

/** The smallest bucket that cuts the range into at most MAX_BUCKETS. */
export function autoBucket(fromMs: number, toMs: number): BucketKey {
  const span = Math.max(0, toMs - fromMs);
  return BUCKETS.find((b) => span / b.ms <= MAX_BUCKETS)?.key ?? "7d";
}

export function bucketMs(key: BucketKey): number {
  return BUCKETS.find((b) => b.key === key)?.ms ?? 3_600_000;
}

export interface TrendPoint {
  startMs: number;
  replies: number;
  structured: Rate;
  prose: Rate;
  disqualified: Rate;
  applied: Rate;
  /** The prose rate moved by more than both intervals allow since the previous bucket. */
  drift: boolean;
}

export interface ModelTrend {
  modelId: string;
  points: TrendPoint[];
}

export type TimedReply = ReplyFacts & { atMs: number };

/** Per model, the rates in each bucket that holds replies, oldest first, with drift marks. */
export function trends(replies: readonly TimedReply[], bucket: BucketKey): ModelTrend[] {
  const size = bucketMs(bucket);
  const byModel = new Map<string, Map<number, TimedReply[]>>();
  for (const r of replies) {
    const start = Math.floor(r.atMs / size) * size;
    const buckets = byModel.get(r.modelId) ?? new Map<number, TimedReply[]>();
    byModel.set(r.modelId, buckets);
    const list = buckets.get(start);
    if (list) list.push(r);
    else buckets.set(start, [r]);
  }
  return [...byModel.keys()].sort().map((modelId) => {
    const buckets = byModel.get(modelId) ?? new Map<number, TimedReply[]>();
    let previous: Rate | null = null;
    const points = [...buckets.keys()]
      .sort((a, b) => a - b)
      .map((startMs): TrendPoint => {
        const list = buckets.get(startMs) ?? [];
        const n = list.length;
        const count = (f: (r: TimedReply) => boolean) => list.filter(f).length;
        const prose = rate(count((r) => r.shape === "prose"), n);
        const drift = previous !== null && !overlaps(previous, prose);
        previous = prose;
        return {
          startMs,
          replies: n,
          structured: rate(count((r) => r.shape === "whole_files" || r.shape === "unified_diff"), n),
          prose,
          disqualified: rate(count((r) => r.emptyDiff), n),
          applied: rate(count((r) => r.applied), n),
          drift,
        };
      });
    return { modelId, points };
  });
}
