import type { JetStreamManager } from "@nats-io/jetstream";
import type { PilotSettings } from "../env";
import { planCapture, type CapturePlan } from "../nats/discovery";
import { listStreamFacts } from "@/lib/nats/list-streams";

/**
 * The streams ingest reads into the index: PILOT_SOURCES when set; otherwise the streams
 * discovery finds to be Pilot's own (its default topology where it runs its own server,
 * and its capture stream everywhere). Never a platform stream: those reach the index
 * through the capture stream.
 */
export async function ingestSources(jsm: JetStreamManager, settings: Pick<PilotSettings, "ingest">): Promise<{ sources: string[]; plan: CapturePlan }> {
  const plan = planCapture(await listStreamFacts(jsm));
  return { sources: settings.ingest.discover ? plan.ingestSources : settings.ingest.sources, plan };
}
