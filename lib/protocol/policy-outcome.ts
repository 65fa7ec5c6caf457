import type { PolicyDecision } from "./smith-audit";

export type PolicyOutcome = "allow" | "deny" | "transform" | "none";

/** One word for a set of decisions: any deny wins, then any transform, else allow. */
export function overallDecision(decisions: readonly Pick<PolicyDecision, "decision">[]): PolicyOutcome {
  if (decisions.some((d) => d.decision === "deny")) return "deny";
  if (decisions.some((d) => d.decision === "transform")) return "transform";
  return decisions.length > 0 ? "allow" : "none";
}
