/**
 * The platform's subject families Pilot reads (PROTOCOL.md), each with the wildcard that
 * covers it. Discovery finds, per family, which streams hold it and how to read each one.
 */
export interface SubjectFamily {
  id: string;
  label: string;
  /** One filter per family: nats-server 2.9 takes one filter per consumer. */
  subject: string;
}

export const PLATFORM_FAMILIES: readonly SubjectFamily[] = [
  { id: "intents", label: "Smith intents", subject: "smith.intents.>" },
  { id: "results", label: "Smith results", subject: "smith.results.>" },
  { id: "audit", label: "Smith audit", subject: "smith.audit.>" },
  { id: "graph", label: "Execution graphs (GraphDelta)", subject: "smith.events.graph.>" },
  { id: "planner", label: "Planner workflows", subject: "smith.planner_exec.>" },
  { id: "policies", label: "Policy updates", subject: "smith.policies.>" },
  { id: "benchmark", label: "Benchmarks", subject: "smith.benchmark.>" },
  { id: "newt", label: "Newt replies", subject: "newt.replies.>" },
  { id: "skilllite", label: "SkillLite", subject: "skilllite.>" },
];
