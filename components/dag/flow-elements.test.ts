import { describe, expect, it } from "vitest";
import { applyGraphChanges } from "@/lib/graph/apply-delta";
import { edge, node, sessionGraph } from "@/lib/graph/test-graphs";
import { buildView } from "@/lib/graph/view-graph";
import { FlowEdgeBuilder, FlowNodeBuilder } from "./flow-elements";

const lenses = { expanded: new Set<string>(), failuresOnly: false };
const none = { critical: { nodes: new Set<string>(), edges: new Set<string>() }, matches: new Set<string>(), current: null, selected: null };

describe("flow elements across a status delta", () => {
  const graph = sessionGraph([node("a"), node("b", "running"), node("c")], [edge("a", "b"), edge("b", "c")]);
  const positions = new Map(["a", "b", "c"].map((id, i) => [id, { x: i * 100, y: 0 }]));

  it("keeps the edge list itself when no edge changed, and every unchanged node's object", () => {
    const nodes = new FlowNodeBuilder();
    const edges = new FlowEdgeBuilder();
    const before = buildView(graph, lenses);
    const n1 = nodes.build(before, positions, none);
    const e1 = edges.build(before, positions, none.critical.edges);

    const after = buildView(applyGraphChanges(graph, [{ seq: 11, nodesAdded: [node("b", "error")], edgesAdded: [], nodesRemoved: [], edgesRemoved: [] }]), lenses);
    const n2 = nodes.build(after, positions, none);
    const e2 = edges.build(after, positions, none.critical.edges);
    expect(e2).toBe(e1);
    expect(n2[0]).toBe(n1[0]);
    expect(n2[1]).not.toBe(n1[1]);
    expect(n2[1]?.ariaLabel).toMatch(/, error$/);
  });

  it("gives a new edge list when an edge comes or goes", () => {
    const edges = new FlowEdgeBuilder();
    const e1 = edges.build(buildView(graph, lenses), positions, new Set());
    const fewer = applyGraphChanges(graph, [{ seq: 11, nodesAdded: [], edgesAdded: [], nodesRemoved: [], edgesRemoved: ["b-c"] }]);
    const e2 = edges.build(buildView(fewer, lenses), positions, new Set());
    expect(e2).not.toBe(e1);
    expect(e2.map((e) => e.id)).toEqual(["a-b"]);
  });
});
