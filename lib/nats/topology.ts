/**
 * Pilot's default stream topology (PROTOCOL.md, "Subjects and streams"): Smith's stream
 * names with `>` wildcards so dotted subjects are captured, all Limits retention so the
 * history can be replayed and the index rebuilt.
 */
export interface StreamSpec {
  name: string;
  subjects: string[];
  description: string;
}

export const PILOT_STREAMS: readonly StreamSpec[] = [
  { name: "ATOMS_VETTED", subjects: ["smith.intents.vetted.>"], description: "Vetted intents" },
  { name: "ATOMS_RESULTS", subjects: ["smith.results.>"], description: "Intent results" },
  { name: "AUDIT_SECURITY", subjects: ["smith.audit.>"], description: "Policy and execution audit" },
  {
    name: "SDLC_QUARANTINE_BACKPRESSURE",
    subjects: ["smith.intents.quarantine.>"],
    description: "Intents quarantined by the platform",
  },
  { name: "SMITH_GRAPH", subjects: ["smith.events.graph.>"], description: "Execution DAG deltas" },
  {
    name: "SMITH_PLANNER",
    // agentd's planner API: `APIEvent`s on `.events`, a session's `WorkflowUpdate`s on
    // `.streams.<session_id>`; one filter, so that a live view follows it with one consumer.
    subjects: ["smith.planner_exec.>"],
    description: "Planner workflow events and per-session updates",
  },
  { name: "SMITH_BENCHMARK", subjects: ["smith.benchmark.>"], description: "Benchmark events" },
  { name: "NEWT_REPLIES", subjects: ["newt.replies.>"], description: "Newt coder task replies" },
  { name: "SKILLLITE", subjects: ["skilllite.>"], description: "SkillLite tasks and results" },
  { name: "SMITH_POLICIES", subjects: ["smith.policies.>"], description: "Policy updates (upsert, remove, reset)" },
];

export const PILOT_STREAM_NAMES: readonly string[] = PILOT_STREAMS.map((s) => s.name);
