import "server-only";
import { jetstreamManager } from "@nats-io/jetstream";
import { getConfig } from "../config";
import { listStreamFacts } from "./list-streams";
import type { LiveSource } from "../live/live-targets";
import { CAPTURE_STREAM, CAPTURE_SUBJECTS } from "../protocol/captured-subject";
import { planCapture } from "./discovery";
import { serverConnection } from "./server-connection";
import { PILOT_STREAMS } from "./topology";

const FRESH_MS = 5000;
let cached: { at: number; sources: LiveSource[] } | null = null;

/**
 * The streams the index is built from, for the browser's live views: discovered as ingest
 * discovers them (or PILOT_SOURCES), refreshed every few seconds. When NATS cannot be
 * asked, Pilot's default topology and capture stream.
 */
export async function liveSources(): Promise<LiveSource[]> {
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.sources;
  const { ingest } = getConfig();
  try {
    const jsm = await jetstreamManager(await serverConnection(), { timeout: 2500 });
    const plan = planCapture(await listStreamFacts(jsm));
    const names = ingest.discover ? plan.ingestSources : ingest.sources;
    const sources = names.map((name) => {
      const s = plan.streams.find((p) => p.name === name);
      return { stream: name, subjects: s ? [...s.subjects] : name === CAPTURE_STREAM ? [CAPTURE_SUBJECTS] : [], captured: name === CAPTURE_STREAM };
    });
    cached = { at: Date.now(), sources };
    return sources;
  } catch {
    return [
      ...PILOT_STREAMS.map((s) => ({ stream: s.name, subjects: [...s.subjects], captured: false })),
      { stream: CAPTURE_STREAM, subjects: [CAPTURE_SUBJECTS], captured: true },
    ];
  }
}
