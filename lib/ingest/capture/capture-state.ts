import { z } from "zod";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { CAPTURE_STATE_PREFIX, CAPTURE_STATE_STREAM } from "../../nats/discovery";

/**
 * The capture's bookkeeping, shared by every Pilot replica through PILOT_CAPTURE_STATE
 * (one message per subject, so the last one is the value).
 * - watermark.<stream>: every message of a WorkQueue stream up to `seq` was captured; kept
 *   while some replica's core subscription runs without a break.
 * - gap.<stream>.<fromSeq>: messages consumed while no Pilot was capturing them.
 */
export const watermarkSchema = z.object({
  seq: z.number().int().nonnegative(),
  /** When the watermark was last moved (ms). */
  atMs: z.number(),
  /** Since when Pilot's history of this stream is complete (ms). */
  sinceMs: z.number(),
});
export type Watermark = z.infer<typeof watermarkSchema>;

export const gapSchema = z.object({
  stream: z.string(),
  /** Sequences not captured, inclusive; null where unknown (a stream-less subject). */
  fromSeq: z.number().int().nullable(),
  toSeq: z.number().int().nullable(),
  count: z.number().int().nullable(),
  /** The time range they were published in, as far as Pilot can tell (ms). */
  fromMs: z.number(),
  toMs: z.number(),
  detectedMs: z.number(),
  reason: z.string(),
});
export type CaptureGap = z.infer<typeof gapSchema>;

function token(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_");
}

export function watermarkSubject(stream: string): string {
  return `${CAPTURE_STATE_PREFIX}watermark.${token(stream)}`;
}

export function gapSubject(gap: Pick<CaptureGap, "stream" | "fromSeq" | "fromMs">): string {
  return `${CAPTURE_STATE_PREFIX}gap.${token(gap.stream)}.${gap.fromSeq ?? `t${gap.fromMs}`}`;
}

async function lastOn<T>(jsm: JetStreamManager, subject: string, schema: z.ZodType<T>): Promise<T | null> {
  const stored = await jsm.streams.getMessage(CAPTURE_STATE_STREAM, { last_by_subj: subject }).catch((err: unknown) => {
    // "no message found" is an empty value; anything else is a real failure.
    if (err instanceof Error && /no message found/i.test(err.message)) return null;
    throw err;
  });
  if (!stored) return null;
  const parsed = schema.safeParse(stored.json());
  return parsed.success ? parsed.data : null;
}

export interface CaptureState {
  watermark(stream: string): Promise<Watermark | null>;
  setWatermark(stream: string, value: Watermark): Promise<void>;
  addGap(gap: CaptureGap): Promise<void>;
}

export function createCaptureState(js: JetStreamClient, jsm: JetStreamManager): CaptureState {
  return {
    watermark: (stream) => lastOn(jsm, watermarkSubject(stream), watermarkSchema),
    async setWatermark(stream, value) {
      await js.publish(watermarkSubject(stream), JSON.stringify(value));
    },
    async addGap(gap) {
      await js.publish(gapSubject(gap), JSON.stringify(gap));
    },
  };
}

/** Every gap recorded, newest first (a few: one per outage of every capture). */
export async function listGaps(jsm: JetStreamManager, limit = 100): Promise<CaptureGap[]> {
  const info = await jsm.streams.info(CAPTURE_STATE_STREAM, { subjects_filter: `${CAPTURE_STATE_PREFIX}gap.>` });
  const subjects = Object.keys(info.state.subjects ?? {});
  const gaps = await Promise.all(subjects.map((s) => lastOn(jsm, s, gapSchema)));
  return gaps
    .filter((g): g is CaptureGap => g !== null)
    .sort((a, b) => b.detectedMs - a.detectedMs)
    .slice(0, limit);
}
