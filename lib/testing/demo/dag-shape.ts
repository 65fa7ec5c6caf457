import { CAPABILITIES, type Capability } from "./context";
import { uuidV4 } from "./ids";
import type { Prng } from "./prng";

/**
 * The shape of an agent session's DAG: a planner fans out into groups of branches
 * (chains of LLM and tool calls), each group merged by an aggregate node, all groups
 * summarised by a final report. Built to an exact node count.
 */

export type NodeType = "planner" | "llm_call" | "tool_call" | "aggregate" | "report";

export interface DagNode {
  index: number;
  id: string;
  label: string;
  nodeType: NodeType;
  /** Static metadata (strings, as `GraphNode.metadata` is `{string: string}`). */
  meta: Record<string, string>;
  parents: number[];
  children: number[];
  /** Edge id of each parent edge, in `parents` order. */
  edgeIds: string[];
  /** Aggregates and the report run once their inputs finished, whatever the outcome. */
  tolerant: boolean;
  group: number;
  capability?: Capability;
}

export interface DagShape {
  nodes: DagNode[];
  /** Node indexes per group (aggregate last); group -1 is the planner, the report is last. */
  groups: number[][];
}

export const CODER_MODELS = [
  "claude-sonnet-4",
  "gpt-4.1-mini",
  "qwen2.5-coder-32b",
  "deepseek-coder-v2",
] as const;

const TOOL_LABELS: Record<Capability, readonly string[]> = {
  "fs.read.v1": [
    "Read Cargo.toml",
    "Read src/handlers/refund.rs",
    "Read settings.yaml",
    "Read worker.log",
  ],
  "fs.write.v1": ["Write src/handlers/refund.rs", "Write CHANGELOG.md", "Write migration 0042"],
  "http.fetch.v1": [
    "Fetch open PRs",
    "Fetch crate metadata",
    "Fetch status page",
    "Post Slack summary",
  ],
  "git.clone.v1": ["Clone agentd", "Clone payments-api", "Clone nats.js"],
  "archive.read.v1": ["List build-1842.tar.gz", "Inspect release tarball"],
  "sqlite.query.v1": ["Query orders.db", "Query CI results", "Count expired sessions"],
  "bench.report.v1": ["Report p99 latency", "Report ingest throughput"],
  "shell.exec.v1": ["Run cargo test", "Run npm run build", "Run pytest", "git status", "rg TODO"],
};
const LLM_LABELS = [
  "Analyse failure",
  "Draft patch",
  "Review diff",
  "Summarise findings",
  "Choose next step",
  "Explain test failure",
  "Write commit message",
];

export interface ShapeOptions {
  size: number;
  agent: string;
  goal: string;
}

export function buildDagShape(prng: Prng, opts: ShapeOptions): DagShape {
  const size = Math.max(4, opts.size);
  const nodes: DagNode[] = [];
  const add = (
    nodeType: NodeType,
    label: string,
    parents: number[],
    group: number,
    extra: Record<string, string> = {},
  ) => {
    const node: DagNode = {
      index: nodes.length,
      id: uuidV4(prng),
      label,
      nodeType,
      meta: { agent: opts.agent, ...extra },
      parents,
      children: [],
      edgeIds: parents.map(() => uuidV4(prng)),
      tolerant: nodeType === "aggregate" || nodeType === "report",
      group,
    };
    for (const p of parents) nodes[p]?.children.push(node.index);
    nodes.push(node);
    return node;
  };
  const llm = (parents: number[], group: number) =>
    add("llm_call", prng.pick(LLM_LABELS), parents, group, { model: prng.pick(CODER_MODELS) });
  const tool = (parents: number[], group: number) => {
    const capability = prng.pick(CAPABILITIES);
    const node = add("tool_call", prng.pick(TOOL_LABELS[capability]), parents, group, {
      tool: capability,
    });
    node.capability = capability;
    return node;
  };

  const groups: number[][] = [];
  add("planner", `Plan: ${opts.goal}`, [], -1, { model: prng.pick(CODER_MODELS) });
  // Reserve the report node; every group costs its branches plus one aggregate.
  let remaining = size - 2;
  const big = size > 300;
  while (remaining > 0) {
    const g = groups.length;
    const members: number[] = [];
    if (remaining <= 2) {
      // Too small for a group with an aggregate: a lone branch step hanging off the planner.
      for (let i = 0; i < remaining; i++) members.push(tool([0], g).index);
      remaining = 0;
      groups.push(members);
      break;
    }
    let budget = Math.min(remaining - 1, big ? prng.int(20, 48) : prng.int(2, 14));
    remaining -= budget + 1;
    const tails: number[] = [];
    while (budget > 0) {
      const len = Math.min(budget, prng.int(1, big ? 5 : 4));
      budget -= len;
      let prev = 0;
      for (let k = 0; k < len; k++) {
        const node = k % 2 === 0 ? tool([prev], g) : llm([prev], g);
        members.push(node.index);
        prev = node.index;
      }
      tails.push(prev);
    }
    members.push(add("aggregate", `Merge results (group ${g + 1})`, tails, g).index);
    groups.push(members);
  }
  const sinks = groups.map((m) => m[m.length - 1]).filter((i): i is number => i !== undefined);
  add("report", "Summarise session", sinks, groups.length);
  return { nodes, groups };
}
