import { CAPTURE_PREFIX } from "@/lib/protocol/captured-subject";
import { z } from "zod";

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
}

function tokens(s: string): string[] {
  return s.split(".");
}

/** Whether every subject `inner` stands for is matched by `outer`. */
function within(inner: string, outer: string): boolean {
  const a = tokens(inner);
  const b = tokens(outer);
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (y === ">") return x !== undefined;
    if (x === undefined || y === undefined) return x === undefined && y === undefined;
    if (x === ">") return false;
    if (y === "*") continue;
    if (x === "*" || x !== y) return false;
  }
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
      out.push({ stream: s.stream, filterSubject: CAPTURE_PREFIX + wanted });
      continue;
    }
    for (const subject of s.subjects) {
      if (within(wanted, subject)) out.push({ stream: s.stream, filterSubject: wanted });
      else if (within(subject, wanted)) out.push({ stream: s.stream, filterSubject: subject });
    }
  }
  return out;
}

/** Targets for several filters, each consumer once. */
export function liveTargetsFor(sources: readonly LiveSource[], wanted: readonly string[]): LiveTarget[] {
  const seen = new Set<string>();
  return wanted
    .flatMap((w) => liveTargets(sources, w))
    .filter((t) => {
      const key = `${t.stream} ${t.filterSubject}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
