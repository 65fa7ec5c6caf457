import { nanos } from "@nats-io/nats-core";
import {
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import { pilotDescription } from "./discovery";
import { subjectsOverlap } from "./subject-overlap";
import type { StreamSpec } from "./topology";
import { listStreamInfos } from "./list-streams";

export type TopologyOutcome =
  | { stream: string; outcome: "created" }
  | { stream: string; outcome: "exists" }
  | { stream: string; outcome: "conflict"; reason: string };

export interface TopologyLimits {
  maxAgeHours: number;
  maxBytes: number;
  /** On a cluster, how many nodes keep each stream (1 on a single server). */
  replicas?: number;
}

/** The first existing stream (other than `spec` itself) whose subjects overlap `spec`'s. */
export function findOverlap(
  spec: StreamSpec,
  existing: readonly StreamInfo[],
): { stream: string; subject: string; theirs: string } | null {
  for (const info of existing) {
    if (info.config.name === spec.name) continue;
    for (const theirs of info.config.subjects ?? []) {
      const subject = spec.subjects.find((s) => subjectsOverlap(s, theirs));
      if (subject) return { stream: info.config.name, subject, theirs };
    }
  }
  return null;
}

/**
 * Creates the streams that are missing. Idempotent: an existing stream of the same name is
 * left as it is, and a stream whose subjects would overlap another's is not created; the
 * outcome names the stream in the way instead.
 */
export async function ensureTopology(
  jsm: JetStreamManager,
  specs: readonly StreamSpec[],
  limits: TopologyLimits,
): Promise<TopologyOutcome[]> {
  const existing = await listStreamInfos(jsm);
  const outcomes: TopologyOutcome[] = [];
  for (const spec of specs) {
    if (existing.some((s) => s.config.name === spec.name)) {
      outcomes.push({ stream: spec.name, outcome: "exists" });
      continue;
    }
    const overlap = findOverlap(spec, existing);
    if (overlap) {
      outcomes.push({
        stream: spec.name,
        outcome: "conflict",
        reason: `not created: its subject ${overlap.subject} overlaps ${overlap.theirs} of stream ${overlap.stream}`,
      });
      continue;
    }
    const info = await jsm.streams.add({
      name: spec.name,
      subjects: spec.subjects,
      description: pilotDescription(spec.description),
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(limits.maxAgeHours * 3_600_000),
      max_bytes: limits.maxBytes,
      num_replicas: limits.replicas ?? 1,
    });
    existing.push(info);
    outcomes.push({ stream: spec.name, outcome: "created" });
  }
  return outcomes;
}
