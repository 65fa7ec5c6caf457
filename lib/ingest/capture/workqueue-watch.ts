import type { JetStreamManager, StoredMsg } from "@nats-io/jetstream";
import type { CaptureGap, CaptureState, Watermark } from "./capture-state";
import type { CaptureWriter } from "./capture-writer";

export interface RecoveryOutcome {
  stream: string;
  /** Messages still waiting in the stream, read by sequence and copied. */
  recovered: number;
  gap: CaptureGap | null;
  /** Earlier messages consumed before Pilot first watched this stream (not a gap: before its history). */
  before: number;
  watermark: Watermark;
}

async function storedAt(jsm: JetStreamManager, stream: string, seq: number): Promise<StoredMsg | null> {
  try {
    return await jsm.streams.getMessage(stream, { seq });
  } catch (err) {
    // A WorkQueue stream deletes what its consumer acked: the hole is expected.
    if (err instanceof Error && /no message found/i.test(err.message)) return null;
    throw err;
  }
}

/**
 * Reads a WorkQueue stream the only safe way: by sequence, without a consumer. Runs when
 * Pilot's core subscription on the stream's subjects has just started (at start, after a
 * reconnect), with `lastBefore` = the stream's last sequence read *before* subscribing:
 * - every message still waiting above the watermark is copied (the executor may not have
 *   taken it yet; what waits under it was copied before);
 * - every message up to `lastBefore` that is neither waiting nor under the watermark was
 *   published and consumed while no Pilot watched: a gap, recorded with its time range.
 * Messages after `lastBefore` that are gone were seen by the new subscription.
 */
export async function recoverWorkQueue(
  jsm: JetStreamManager,
  state: CaptureState,
  writer: CaptureWriter,
  stream: string,
  lastBefore: number,
  nowMs: () => number = Date.now,
): Promise<RecoveryOutcome> {
  const info = await jsm.streams.info(stream);
  const first = info.state.first_seq;
  const last = info.state.last_seq;
  const prev = await state.watermark(stream);
  let recovered = 0;
  let missingAbovePrev = 0;
  let highestMissing = 0;
  let firstAfterGapMs: number | null = null;
  const floor = prev?.seq ?? 0;
  // Below the first waiting message everything is gone.
  const goneBelowFirst = Math.max(0, Math.min(lastBefore, first - 1) - floor);
  // What waits at or under the watermark was captured already: a stream nobody drains
  // (SDLC_RAW holds up to 50,000 for 6 h) is not read again at every reconnect.
  for (let seq = Math.max(first, floor + 1, 1); seq <= last; seq++) {
    const m = await storedAt(jsm, stream, seq);
    if (!m) {
      if (seq > floor && seq <= lastBefore) {
        missingAbovePrev++;
        highestMissing = seq;
      }
      continue;
    }
    await writer.write(m.subject, m.data, m.header, { kind: "stream", stream, seq });
    recovered++;
    if (firstAfterGapMs === null && seq > floor) firstAfterGapMs = m.time.getTime();
  }
  const now = nowMs();
  let gap: CaptureGap | null = null;
  let before = 0;
  if (prev) {
    const count = goneBelowFirst + missingAbovePrev;
    if (count > 0) {
      gap = {
        stream,
        fromSeq: floor + 1,
        toSeq: Math.max(highestMissing, goneBelowFirst > 0 ? Math.min(lastBefore, first - 1) : 0),
        count,
        fromMs: prev.atMs,
        toMs: firstAfterGapMs ?? now,
        detectedMs: now,
        reason: `${count} message(s) of ${stream} were taken by its consumer while no Pilot was capturing (WorkQueue: they are gone from the stream)`,
      };
      await state.addGap(gap);
    }
  } else {
    before = Math.max(0, first - 1);
  }
  const watermark: Watermark = { seq: Math.max(last, lastBefore, floor), atMs: now, sinceMs: prev?.sinceMs ?? now };
  await state.setWatermark(stream, watermark);
  return { stream, recovered, gap, before, watermark };
}
