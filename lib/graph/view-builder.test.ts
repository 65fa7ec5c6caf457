import { describe, expect, it } from "vitest";
import type { GraphNodeItem } from "@/lib/contract/sessions";
import { edge, node } from "./test-graphs";
import { buildView, expandKeyOf, FAN_OUT_LIMIT, ViewBuilder, type ViewOptions } from "./view-graph";

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ["ok", "error", "running", "pending"];

/**
 * A root with fan-outs around the grouping limit (one just under, one at, one over it, in
 * two statuses), a chain hanging from one fan-out member, and a join with two parents.
 */
function graph() {
  const nodes: GraphNodeItem[] = [node("root", "ok", { nodeType: "planner" })];
  const edges = [];
  const fans: [string, number, string][] = [["a", FAN_OUT_LIMIT - 1, "ok"], ["b", FAN_OUT_LIMIT, "ok"], ["c", FAN_OUT_LIMIT + 3, "running"], ["c2", 4, "error"]];
  for (const [prefix, count, status] of fans) {
    for (let i = 0; i < count; i++) {
      const type = prefix === "c2" ? "tool_call" : `${prefix}_call`;
      nodes.push(node(`${prefix}-${i}`, status, { nodeType: prefix.startsWith("c") ? "c_call" : type }));
      edges.push(edge("root", `${prefix}-${i}`));
    }
  }
  nodes.push(node("tail1"), node("tail2"), node("join"));
  edges.push(edge("c-0", "tail1"), edge("tail1", "tail2"), edge("a-0", "join"), edge("b-0", "join"));
  return { nodes, edges };
}

describe("ViewBuilder", () => {
  const cases: [string, ViewOptions][] = [
    ["nothing expanded", { expanded: new Set(), failuresOnly: false }],
    ["a fan-out expanded", { expanded: new Set([expandKeyOf("root", "c_call")]), failuresOnly: false }],
    ["failures only", { expanded: new Set(), failuresOnly: true }],
  ];
  for (const [name, opts] of cases) {
    it(`answers as buildView after every status change (${name})`, () => {
      const next = random(name.length);
      let g = graph();
      const builder = new ViewBuilder();
      expect(builder.build(g, opts)).toEqual(buildView(g, opts));
      for (let step = 0; step < 300; step++) {
        const nodes = [...g.nodes];
        // One to three nodes change status; the edge list keeps its identity, as applyGraphChanges keeps it.
        for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
          const i = Math.floor(next() * nodes.length);
          const was = nodes[i];
          if (was) nodes[i] = { ...was, status: STATUSES[Math.floor(next() * STATUSES.length)] ?? "ok", version: was.version + 1 };
        }
        g = { nodes, edges: g.edges };
        expect(builder.build(g, opts), `step ${step}`).toEqual(buildView(g, opts));
      }
    });
  }

  it("keeps the edges and groups of the last view when a drawn-as-itself node changes status", () => {
    const g = graph();
    const opts = { expanded: new Set<string>(), failuresOnly: false };
    const builder = new ViewBuilder();
    const before = builder.build(g, opts);
    const nodes = g.nodes.map((n) => (n.id === "a-3" ? { ...n, status: "error" } : n));
    const after = builder.build({ nodes, edges: g.edges }, opts);
    expect(after.edges).toBe(before.edges);
    expect(after.nodes.find((v) => v.id === "a-3")).toMatchObject({ kind: "task", node: { status: "error" } });
    expect(after.nodes.filter((v) => v.kind === "group")).toEqual(before.nodes.filter((v) => v.kind === "group"));
  });
});
