import { CAPTURE_PREFIX, originalSubject } from "@/lib/protocol/captured-subject";
import { isReadable, narrowToReadable } from "./readable-subjects";
import { z } from "zod";
import { subjectCoveredBy } from "@/lib/protocol/subject-match";

/**
 * A stream the index is built from, as the browser follows it: Pilot's own streams hold
 * platform subjects as published; its capture stream holds them under `pilot.capture.`.
 */
export const liveSourceSchema = z.object({
  stream: z.string().min(1),
  subjects: z.array(z.string().min(1)),
  captured: z.boolean(),
});
export type LiveSource = z.infer<typeof liveSourceSchema>;

export interface LiveTarget {
  stream: string;
  filterSubject: string;
  /**
   * The platform subject filters this consumer's messages answer; a message on any other
   * subject (one consumer covering several filters of one stream) is to be dropped.
   */
  accepts: readonly string[];
}

function tokens(s: string): string[] {
  return s.split(".");
}

/**
 * The ordered consumers that follow `wanted` (a platform subject filter) across the
 * streams the index reads: the capture stream under its prefix, and each own stream with
 * the narrower of its subject and `wanted` (a consumer's filter must lie inside its stream).
 */
export function liveTargets(sources: readonly LiveSource[], wanted: string): LiveTarget[] {
  const out: LiveTarget[] = [];
  for (const s of sources) {
    if (s.captured) {
      out.push({ stream: s.stream, filterSubject: CAPTURE_PREFIX + wanted, accepts: [wanted] });
      continue;
    }
    for (const subject of s.subjects) {
      if (subjectCoveredBy(wanted, subject)) out.push({ stream: s.stream, filterSubject: wanted, accepts: [wanted] });
      else if (subjectCoveredBy(subject, wanted)) out.push({ stream: s.stream, filterSubject: subject, accepts: [wanted] });
    }
  }
  return out;
}

/** Whether a concrete subject matches a filter (`*` one token, `>` the rest). */
export function subjectMatches(filter: string, subject: string): boolean {
  return subjectCoveredBy(subject, filter);
}

/** The narrowest single filter covering all of `filters`: their common tokens, then `>`. */
function covering(filters: readonly string[]): string {
  const split = filters.map(tokens);
  const first = split[0] ?? [];
  const common: string[] = [];
  for (let i = 0; i < first.length; i++) {
    const t = first[i];
    if (t === undefined || t === ">" || t === "*" || split.some((f) => f[i] !== t || f.length === i + 1)) break;
    common.push(t);
  }
  return [...common, ">"].join(".");
}

/**
 * Targets for several filters with ONE consumer per stream: a view resumes each stream
 * after the last sequence it applied from it, which is only right when a single consumer
 * delivered that stream's messages in order (two consumers of one stream run at their own
 * pace, and resuming the slower one after the faster one's sequence would skip messages).
 * Where one stream serves several filters, its consumer covers them all and `accepts`
 * says which subjects to keep. `readable` (the person's role, readable-subjects.ts) narrows
 * what is wanted first; where the covering filter would reach past it (a viewer on Pilot's
 * capture stream: `smith.>` holds the audit trail), each filter gets a consumer of its own,
 * and the caveat above applies to that view (README, "NATS credentials").
 */
export function liveTargetsFor(sources: readonly LiveSource[], wanted: readonly string[], readable: readonly string[]): LiveTarget[] {
  const byStream = new Map<string, LiveTarget[]>();
  const allowed = narrowToReadable(wanted, readable);
  for (const t of allowed.flatMap((w) => liveTargets(sources, w))) byStream.set(t.stream, [...(byStream.get(t.stream) ?? []), t]);
  return [...byStream.values()].flatMap((ts) => {
    const one = ts[0];
    if (!one) throw new Error("unreachable: a stream without targets");
    if (ts.length === 1) return [one];
    const filterSubject = covering(ts.map((t) => t.filterSubject));
    const captured = sources.some((s) => s.stream === one.stream && s.captured);
    if (!isReadable(readable, captured ? originalSubject(filterSubject) : filterSubject)) return ts;
    return [{ stream: one.stream, filterSubject, accepts: ts.flatMap((t) => t.accepts) }];
  });
}

/** Whether a live message (under its platform subject) is one the target was opened for. */
export function accepted(target: Pick<LiveTarget, "accepts">, subject: string): boolean {
  return target.accepts.some((f) => subjectMatches(f, subject));
}
