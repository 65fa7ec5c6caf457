import { describe, expect, it } from "vitest";
import { adjacency } from "./adjacency";
import { applyGraphChanges, deltaChange } from "./apply-delta";
import { criticalPath, lastChangedNode } from "./critical-path";
import { placeIncrementally, type Point } from "./place-incremental";
import { searchNodes } from "./search-nodes";
import { edge, node, sessionGraph } from "./test-graphs";
import { buildView, expandKeyOf, FAN_OUT_LIMIT } from "./view-graph";

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const wireNode = (n: number, status: string) => ({ id: uuid(n), label: `n${n}`, node_type: "tool_call", metadata: { status } });

describe("applyGraphChanges", () => {
  const base = sessionGraph([], [], 0);
  const added = applyGraphChanges(base, [
    deltaChange(5, {
      nodes_added: [wireNode(1, "running"), wireNode(2, "pending")],
      edges_added: [{ id: uuid(100), from: uuid(1), to: uuid(2), label: null, edge_type: "next" }],
      nodes_removed: [],
      edges_removed: [],
    }),
  ]);

  it("adds nodes and edges, with the seq as their version", () => {
    expect(added.nodes.map((n) => [n.label, n.status, n.version])).toEqual([["n1", "running", 5], ["n2", "pending", 5]]);
    expect(added.edges.map((e) => [e.from, e.to, e.edgeType])).toEqual([[uuid(1), uuid(2), "next"]]);
    expect([added.asOfSeq, added.lastSeq, added.seq.SMITH_GRAPH]).toEqual([5, 5, 5]);
  });

  it("replaces a node added again, and removes what a delta removes after its adds", () => {
    const next = applyGraphChanges(added, [
      deltaChange(6, { nodes_added: [wireNode(1, "error")], edges_added: [], nodes_removed: [], edges_removed: [] }),
      deltaChange(7, { nodes_added: [wireNode(2, "ok")], edges_added: [], nodes_removed: [uuid(2)], edges_removed: [] }),
    ]);
    expect(next.nodes.map((n) => [n.label, n.status, n.version])).toEqual([["n1", "error", 6]]);
    expect(next.edges).toEqual([]);
  });

  it("keeps the edge list when a delta only adds or replaces nodes, and the structure with it", () => {
    const recoloured = applyGraphChanges(added, [deltaChange(6, { nodes_added: [wireNode(1, "error")], edges_added: [], nodes_removed: [], edges_removed: [] })]);
    expect(recoloured.edges).toBe(added.edges);
    expect(adjacency(recoloured.edges)).toBe(adjacency(added.edges));
    const rewired = applyGraphChanges(recoloured, [deltaChange(7, { nodes_added: [], edges_added: [], nodes_removed: [], edges_removed: [uuid(100)] })]);
    expect(rewired.edges).toEqual([]);
    expect(adjacency(rewired.edges).parents.size).toBe(0);
  });

  it("ignores deltas the graph already holds", () => {
    expect(applyGraphChanges(added, [deltaChange(5, { nodes_added: [wireNode(9, "ok")], edges_added: [], nodes_removed: [], edges_removed: [] })])).toBe(added);
  });
});

function fanOut(count: number, status = "ok") {
  const kids = Array.from({ length: count }, (_, i) => node(`k${i}`, status));
  return {
    nodes: [node("root"), ...kids, node("join")],
    edges: [...kids.map((k) => edge("root", k.id)), ...kids.map((k) => edge(k.id, "join"))],
  };
}

describe("buildView", () => {
  it(`collapses more than ${FAN_OUT_LIMIT} same-type, same-status siblings into one counted group, with what hangs only from them`, () => {
    const v = buildView(fanOut(60), { expanded: new Set(), failuresOnly: false });
    expect(v.nodes.map((n) => n.kind)).toEqual(["task", "group"]);
    const group = v.nodes[1];
    expect(group?.kind === "group" ? [group.members.length, group.downstream] : null).toEqual([60, ["join"]]);
    expect(v.edges.map((e) => [e.from, e.to, e.edges.length])).toEqual([["root", group?.id, 60]]);
    expect(v.shownAs.get("join")).toBe(group?.id);
  });

  it("folds whole branches into their group, counts the failures inside, and keeps a join of two groups shown", () => {
    const ok = Array.from({ length: 55 }, (_, i) => node(`ok${i}`, "ok"));
    const pending = Array.from({ length: 55 }, (_, i) => node(`p${i}`, "pending"));
    const tails = ok.map((k) => node(`${k.id}-next`, k.id === "ok3" ? "error" : "ok"));
    const nodes = [node("root"), ...ok, ...pending, ...tails, node("agg")];
    const edges = [
      ...[...ok, ...pending].map((k) => edge("root", k.id)),
      ...ok.map((k) => edge(k.id, `${k.id}-next`)),
      ...tails.map((t) => edge(t.id, "agg")),
      ...pending.map((p) => edge(p.id, "agg")),
    ];
    const v = buildView({ nodes, edges }, { expanded: new Set(), failuresOnly: false });
    expect(v.nodes.map((n) => n.id)).toEqual(["root", "group:root:tool_call:ok", "group:root:tool_call:pending", "agg"]);
    const okGroup = v.nodes[1];
    expect(okGroup?.kind === "group" ? [okGroup.downstream.length, okGroup.failed] : null).toEqual([55, 1]);
    expect(v.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual([
      "group:root:tool_call:ok>agg",
      "group:root:tool_call:pending>agg",
      "root>group:root:tool_call:ok",
      "root>group:root:tool_call:pending",
    ]);
  });

  it("counts a group of failed siblings as that many failures", () => {
    const failed = Array.from({ length: 52 }, (_, i) => node(`f${i}`, "error"));
    const v = buildView({ nodes: [node("root"), ...failed], edges: failed.map((f) => edge("root", f.id)) }, { expanded: new Set(), failuresOnly: false });
    const group = v.nodes[1];
    expect(group?.kind === "group" ? [group.members.length, group.failed] : null).toEqual([52, 52]);
  });

  it("keeps a fan-out of exactly the limit, and expands a group on request", () => {
    expect(buildView(fanOut(FAN_OUT_LIMIT), { expanded: new Set(), failuresOnly: false }).nodes).toHaveLength(FAN_OUT_LIMIT + 2);
    const open = buildView(fanOut(60), { expanded: new Set([expandKeyOf("root", "tool_call")]), failuresOnly: false });
    expect(open.nodes).toHaveLength(62);
    expect(open.edges).toHaveLength(120);
    expect(open.shownAs.get("join")).toBe("join");
  });

  it("splits a fan-out by status: 55 ok collapse, 5 running stay", () => {
    const g = fanOut(60);
    for (const n of g.nodes.slice(1, 6)) n.status = "running";
    const v = buildView(g, { expanded: new Set(), failuresOnly: false });
    expect(v.nodes.filter((n) => n.kind === "group")).toHaveLength(1);
    expect(v.nodes.filter((n) => n.kind === "task")).toHaveLength(7);
  });

  it("shows failures and their ancestors only, when asked", () => {
    const nodes = [node("a"), node("b"), node("c", "error"), node("d"), node("e", "timeout"), node("f")];
    const edges = [edge("a", "b"), edge("b", "c"), edge("a", "d"), edge("d", "e"), edge("c", "f")];
    const v = buildView({ nodes, edges }, { expanded: new Set(), failuresOnly: true });
    expect(v.nodes.map((n) => n.id).sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(v.edges).toHaveLength(4);
    expect(buildView({ nodes: [node("a")], edges: [] }, { expanded: new Set(), failuresOnly: true }).nodes).toEqual([]);
  });
});

describe("criticalPath", () => {
  const dur = (id: string, ms: number) => node(id, "ok", { metadata: { status: "ok", duration_ms: String(ms) } });
  const nodes = [dur("a", 10), dur("b", 100), dur("c", 5), dur("d", 20), node("x", "running")];
  const edges = [edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d"), edge("x", "d")];

  it("follows the longest-duration chain from a root to the target", () => {
    const p = criticalPath(nodes, edges, "d");
    expect([...p.nodes].sort()).toEqual(["a", "b", "d"]);
    expect([...p.edges].sort()).toEqual(["a-b", "b-d"]);
    expect(p.totalMs).toBe(130);
  });

  it("is empty for an unknown target and survives a cycle", () => {
    expect(criticalPath(nodes, edges, "nope").nodes.size).toBe(0);
    const cyc = criticalPath([dur("p", 1), dur("q", 2)], [edge("p", "q"), edge("q", "p")], "q");
    expect(cyc.nodes.has("q")).toBe(true);
  });

  it("ends at the most recently changed node when none is selected", () => {
    expect(lastChangedNode([node("a", "ok", { version: 3 }), node("b", "ok", { version: 9 })])).toBe("b");
  });
});

describe("searchNodes", () => {
  it("matches label, type and metadata values, case-insensitively", () => {
    const nodes = [node("a", "ok", { label: "Fetch README" }), node("b", "error", { metadata: { status: "error", path: "/etc/passwd" } })];
    expect(searchNodes(nodes, "readme")).toEqual(["a"]);
    expect(searchNodes(nodes, "PASSWD")).toEqual(["b"]);
    expect(searchNodes(nodes, "tool_call")).toEqual(["a", "b"]);
    expect(searchNodes(nodes, "  ")).toEqual([]);
  });
});

describe("placeIncrementally", () => {
  const size = () => ({ width: 100, height: 40 });
  const overlap = (a: Point, b: Point) => Math.abs(a.x - b.x) < 100 && Math.abs(a.y - b.y) < 40;

  it("takes the fresh layout when nothing was placed", () => {
    const fresh = new Map([["a", { x: 0, y: 0 }]]);
    expect(placeIncrementally(new Map(), fresh, [], size)).toEqual(fresh);
  });

  it("keeps every earlier position and places 20 appended nodes without overlaps", () => {
    const previous = new Map<string, Point>([["root", { x: 500, y: 300 }], ["a", { x: 700, y: 250 }], ["b", { x: 700, y: 350 }]]);
    // The fresh layout moved everything: the earlier places must win.
    const fresh = new Map<string, Point>([["root", { x: 0, y: 0 }], ["a", { x: 200, y: 0 }], ["b", { x: 200, y: 60 }]]);
    const edges = [{ from: "root", to: "a" }, { from: "root", to: "b" }];
    for (let i = 0; i < 20; i++) {
      fresh.set(`n${i}`, { x: 200, y: 120 + 60 * i });
      edges.push({ from: "root", to: `n${i}` });
    }
    const out = placeIncrementally(previous, fresh, edges, size);
    for (const [id, p] of previous) expect(out.get(id)).toEqual(p);
    const all = [...out.values()];
    expect(all).toHaveLength(23);
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(overlap(all[i] as Point, all[j] as Point), `${i} vs ${j}`).toBe(false);
    // Placed beside their parent, where the fresh layout put them relative to it.
    expect(out.get("n0")?.x).toBe(700);
  });
});
