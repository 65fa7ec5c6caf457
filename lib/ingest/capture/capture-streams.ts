import { nanos } from "@nats-io/nats-core";
import { JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { CAPTURE_STREAM, CAPTURE_SUBJECTS } from "@/lib/protocol/captured-subject";
import { CAPTURE_STATE_PREFIX, CAPTURE_STATE_STREAM, pilotDescription } from "../../nats/discovery";
import type { TopologyLimits } from "../../nats/ensure-topology";

/**
 * How long JetStream remembers a captured message's id: every Pilot replica captures the
 * same core messages, and recovery after a restart reads again what may have been captured
 * just before it; within this window the stream keeps one copy (Nats-Msg-Id). Past it, a
 * byte-identical second copy is a redelivery to the index, which changes nothing.
 */
export const CAPTURE_DUPLICATE_WINDOW_MS = 10 * 60_000;

async function exists(jsm: JetStreamManager, name: string): Promise<boolean> {
  try {
    await jsm.streams.info(name);
    return true;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return false;
    throw err;
  }
}

/**
 * Pilot's lasting record on the server it reads: `PILOT_CAPTURE` holds every message Pilot
 * captured under `pilot.capture.<subject>` (Limits, age and size from config, replicated
 * like Pilot's other streams); `PILOT_CAPTURE_STATE` holds the capture's bookkeeping, one
 * message per subject (watermarks, gaps). Both are created once and then left as they are.
 */
export async function ensureCaptureStreams(jsm: JetStreamManager, limits: TopologyLimits): Promise<string[]> {
  const created: string[] = [];
  const maxAge = limits.maxAgeHours * 3_600_000;
  if (!(await exists(jsm, CAPTURE_STREAM))) {
    await jsm.streams.add({
      name: CAPTURE_STREAM,
      subjects: [CAPTURE_SUBJECTS],
      description: pilotDescription("every platform message Pilot captured, under pilot.capture.<subject>"),
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(maxAge),
      max_bytes: limits.maxBytes,
      num_replicas: limits.replicas ?? 1,
      duplicate_window: nanos(Math.min(CAPTURE_DUPLICATE_WINDOW_MS, maxAge)),
    });
    created.push(CAPTURE_STREAM);
  }
  if (!(await exists(jsm, CAPTURE_STATE_STREAM))) {
    await jsm.streams.add({
      name: CAPTURE_STATE_STREAM,
      subjects: [`${CAPTURE_STATE_PREFIX}>`],
      description: pilotDescription("capture watermarks and gaps, one message per subject"),
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_msgs_per_subject: 1,
      num_replicas: limits.replicas ?? 1,
    });
    created.push(CAPTURE_STATE_STREAM);
  }
  return created;
}
