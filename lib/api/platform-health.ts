import "server-only";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { createCaptureState, listGaps } from "@/lib/ingest/capture/capture-state";
import { listStreamFacts } from "@/lib/nats/list-streams";
import { getCaptureStatus } from "@/lib/ingest/status-registry";
import type { PlatformHealth, PlatformStream } from "@/lib/contract/health";
import { planCapture } from "@/lib/nats/discovery";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Per platform subject family: which streams hold it, how Pilot reads each, since when its
 * history is complete, and the gaps capture recorded (PROTOCOL.md, "Smith as deployed").
 */
export async function readPlatformHealth(js: JetStreamClient, jsm: JetStreamManager): Promise<PlatformHealth> {
  const capture = getCaptureStatus();
  const captureHealth = capture
    ? {
        state: capture.state,
        liveSince: capture.live.since,
        captured: capture.live.captured,
        lost: capture.live.lost,
        copied: capture.copies.reduce((n, c) => n + c.copied, 0),
        recovered: capture.watched.reduce((n, w) => n + w.recovered, 0),
        lastError: capture.lastError ?? capture.live.lastError ?? capture.copies.find((c) => c.lastError)?.lastError ?? null,
      }
    : null;
  try {
    const plan = planCapture(await listStreamFacts(jsm));
    const state = createCaptureState(js, jsm);
    const streams: PlatformStream[] = await Promise.all(
      plan.streams.map(async (s) => {
        const mark = s.read === "ingest" ? null : await state.watermark(s.name).catch(() => null);
        const since = s.read === "ingest" ? (s.firstTs ?? null) : mark ? iso(mark.sinceMs) : null;
        const watched = capture?.watched.find((w) => w.stream === s.name);
        return {
          name: s.name,
          subjects: [...s.subjects],
          retention: s.retention,
          maxAgeSeconds: s.maxAgeNs / 1e9,
          maxMsgs: s.maxMsgs,
          maxBytes: s.maxBytes,
          messages: s.messages,
          pilotOwn: s.pilotOwn,
          read: s.read,
          completeSince: since,
          before: watched ? watched.before : null,
        };
      }),
    );
    const gaps = await listGaps(jsm).catch(() => []);
    return {
      families: plan.families.map((f) => ({ id: f.family.id, label: f.family.label, subject: f.family.subject, streams: f.streams, liveCapture: f.liveCapture })),
      streams,
      gaps: gaps.map((g) => ({ stream: g.stream, fromSeq: g.fromSeq, toSeq: g.toSeq, count: g.count, from: iso(g.fromMs), to: iso(g.toMs), detected: iso(g.detectedMs), reason: g.reason })),
      capture: captureHealth,
      error: null,
    };
  } catch (err) {
    return { families: [], streams: [], gaps: [], capture: captureHealth, error: err instanceof Error ? err.message : String(err) };
  }
}
