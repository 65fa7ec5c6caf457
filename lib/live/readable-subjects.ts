import type { Role } from "@/lib/auth/roles";
import { intersectFilters, subjectCoveredBy } from "@/lib/protocol/subject-match";

/**
 * The platform subjects each role's live views may read, as the pages and API routes show
 * them (lib/auth/roles.ts): a viewer sees intents with their results and policy decisions
 * (the list's decision column), session DAGs and planner events, scorecards, benchmarks,
 * SkillLite and policies; not the audit trail (execution and security audit) nor anything
 * else. An auditor (and an admin) reads every subject the index is built from. Pilot's
 * server creates a browser's consumer only on a filter inside its role's list.
 */
const VIEWER: readonly string[] = [
  "smith.intents.>",
  "smith.results.>",
  "smith.audit.policy.>",
  "smith.events.graph.>",
  "smith.planner_exec.>",
  "smith.benchmark.>",
  "smith.policies.>",
  "newt.replies.>",
  "skilllite.>",
];
const EVERYTHING: readonly string[] = ["smith.>", "newt.>", "skilllite.>"];

export function readableSubjects(role: Role): readonly string[] {
  return role === "viewer" ? VIEWER : EVERYTHING;
}

/** Whether every subject `filter` stands for is readable. */
export function isReadable(readable: readonly string[], filter: string): boolean {
  return readable.some((r) => subjectCoveredBy(filter, r));
}

/**
 * What of `wanted` a role may follow: each filter narrowed to the readable ones it
 * overlaps (`smith.audit.*.<id>` becomes `smith.audit.policy.<id>` for a viewer), without
 * duplicates; a filter with nothing readable in it is dropped.
 */
export function narrowToReadable(wanted: readonly string[], readable: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of wanted)
    for (const r of readable) {
      const both = intersectFilters(w, r);
      if (both !== null) out.add(both);
    }
  return [...out];
}
