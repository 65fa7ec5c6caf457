import { intersectFilters } from "@/lib/protocol/subject-match";

/**
 * Whether two NATS subject filters can match a common subject. nats-server refuses two
 * streams whose subjects overlap, and Pilot must say which stream is in the way before
 * asking it to create one. `*` matches one token, `>` one or more trailing tokens.
 */
export function subjectsOverlap(a: string, b: string): boolean {
  return intersectFilters(a, b) !== null;
}

// Shared with the browser, which follows subjects the same way.
export { subjectCoveredBy } from "@/lib/protocol/subject-match";
