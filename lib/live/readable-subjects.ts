import type { Role } from "@/lib/auth/roles";
import { subjectCoveredBy } from "@/lib/protocol/subject-match";

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

/** The subjects both filters match, as one filter, or null when they share none. */
export function intersectFilters(a: string, b: string): string | null {
  const at = a.split(".");
  const bt = b.split(".");
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const x = at[i];
    const y = bt[i];
    if (x === ">") return y === undefined ? null : [...out, ...bt.slice(i)].join(".");
    if (y === ">") return x === undefined ? null : [...out, ...at.slice(i)].join(".");
    if (x === undefined || y === undefined) return x === y ? out.join(".") : null;
    if (x === "*") out.push(y);
    else if (y === "*" || x === y) out.push(x);
    else return null;
  }
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
