import { isAccountsStoreStream } from "@/lib/auth/shared-names";
import { CAPTURE_STREAM } from "@/lib/protocol/captured-subject";
import { PLATFORM_FAMILIES, type SubjectFamily } from "./platform-families";
import { subjectCoveredBy, subjectsOverlap } from "./subject-overlap";
import { PILOT_STREAMS } from "./topology";

/**
 * Discovery: given the streams a server holds, which of them carry the platform's subjects
 * and how Pilot may read each one (PROTOCOL.md, "Smith as deployed"). Pure: the caller
 * lists the streams, so the same plan is tested without a server.
 */
export type Retention = "limits" | "interest" | "workqueue";

export interface StreamFacts {
  name: string;
  subjects: readonly string[];
  retention: Retention;
  description: string | null;
  maxAgeNs: number;
  maxMsgs: number;
  maxBytes: number;
  replicas: number;
  messages: number;
  firstSeq: number;
  lastSeq: number;
  /** RFC 3339 time of the first message held, when any. */
  firstTs: string | null;
}

/**
 * How Pilot reads a stream:
 * - `ingest`: one of Pilot's own streams; ingest reads it with its durable consumer;
 * - `copy`: a platform Limits or Interest stream; a durable consumer of Pilot's copies each
 *   message into Pilot's capture stream (on an Interest stream that consumer also holds
 *   every message until Pilot has copied it);
 * - `watch`: a platform WorkQueue stream, which Pilot must never consume, source or mirror:
 *   its subjects are captured from a core subscription, and messages still waiting in it
 *   are read by sequence (STREAM.MSG.GET) when Pilot (re)connects.
 */
export type ReadMode = "ingest" | "copy" | "watch";

export interface StreamPlan extends StreamFacts {
  pilotOwn: boolean;
  read: ReadMode;
  /** Families whose subjects this stream holds some of. */
  families: string[];
}

export interface FamilyPlan {
  family: SubjectFamily;
  /** Streams holding some of the family's subjects. */
  streams: string[];
  /** True when no stream Pilot reads durably covers every subject of the family: the rest is captured live. */
  liveCapture: boolean;
}

export interface CapturePlan {
  streams: StreamPlan[];
  families: FamilyPlan[];
  /** Pilot's own streams that ingest reads into the index (its capture stream included). */
  ingestSources: string[];
}

const PILOT_DESCRIPTION = "Pilot: ";

/** A description that marks a stream as created by Pilot. */
export function pilotDescription(text: string): string {
  return PILOT_DESCRIPTION + text;
}

/** Pilot's own: its capture stream, a stream it described as its own, or its default topology as older versions created it. */
export function isPilotOwn(s: Pick<StreamFacts, "name" | "subjects" | "retention" | "description">): boolean {
  if (s.name === CAPTURE_STREAM) return true;
  if (s.description?.startsWith(PILOT_DESCRIPTION)) return true;
  const spec = PILOT_STREAMS.find((p) => p.name === s.name);
  return (
    spec !== undefined &&
    s.retention === "limits" &&
    spec.subjects.length === s.subjects.length &&
    spec.subjects.every((subject) => s.subjects.includes(subject))
  );
}

function readMode(s: StreamFacts, own: boolean): ReadMode {
  if (own) return "ingest";
  return s.retention === "workqueue" ? "watch" : "copy";
}

export function planCapture(streams: readonly StreamFacts[], families: readonly SubjectFamily[] = PLATFORM_FAMILIES): CapturePlan {
  const planned: StreamPlan[] = streams
    // KV buckets (the accounts store's among them) and the accounts store's access log are
    // Pilot's own state, never platform history, whatever their subjects or description.
    .filter((s) => !isAccountsStoreStream(s) && s.name !== CAPTURE_STATE_STREAM)
    .map((s) => {
      const own = isPilotOwn(s);
      const fams = families.filter((f) => s.subjects.some((subject) => subjectsOverlap(subject, f.subject))).map((f) => f.id);
      return { ...s, pilotOwn: own, read: readMode(s, own), families: fams };
    })
    .filter((s) => s.families.length > 0 || s.name === CAPTURE_STREAM)
    .sort((a, b) => a.name.localeCompare(b.name));
  const durable = planned.filter((s) => s.read !== "watch" && s.name !== CAPTURE_STREAM);
  const familyPlans = families.map((family) => ({
    family,
    streams: planned.filter((s) => s.families.includes(family.id)).map((s) => s.name),
    liveCapture: !durable.some((s) => s.subjects.some((subject) => subjectCoveredBy(family.subject, subject))),
  }));
  const ingestSources = planned.filter((s) => s.read === "ingest").map((s) => s.name);
  if (!ingestSources.includes(CAPTURE_STREAM)) ingestSources.push(CAPTURE_STREAM);
  return { streams: planned, families: familyPlans, ingestSources };
}

/** Pilot's small stream of capture bookkeeping (watermarks, gaps); never a source. */
export const CAPTURE_STATE_STREAM = "PILOT_CAPTURE_STATE";
export const CAPTURE_STATE_PREFIX = "pilot.capture-state.";

/**
 * Whether a message seen on a core subscription must be captured from there: no stream
 * that Pilot reads durably (its own, or a platform Limits/Interest stream it copies) holds
 * its subject. WorkQueue-held and stream-less subjects are captured live.
 */
export function capturesLive(plan: Pick<CapturePlan, "streams">, subject: string): boolean {
  for (const s of plan.streams) {
    if (s.read === "watch" || s.name === CAPTURE_STREAM) continue;
    if (s.subjects.some((filter) => subjectCoveredBy(subject, filter))) return false;
  }
  return true;
}
