import type { Point } from "@/lib/graph/place-incremental";
import type { ViewGraph, ViewNode } from "@/lib/graph/view-graph";
import type { DagFlowEdge, DagFlowNode, Marks } from "./dag-types";

export interface Highlights {
  critical: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> };
  matches: ReadonlySet<string>;
  current: string | null;
  selected: string | null;
}

interface Cached {
  src: ViewNode;
  pos: Point;
  marks: string;
  selected: boolean;
  node: DagFlowNode;
}

/**
 * React Flow nodes for the placed part of the view. A node whose graph item, place and
 * marks did not change keeps its object, so React Flow and the memoised node components
 * skip it: a status change re-renders one node, not the graph.
 */
export class FlowNodeBuilder {
  private cache = new Map<string, Cached>();

  build(view: ViewGraph, positions: ReadonlyMap<string, Point>, h: Highlights): DagFlowNode[] {
    const next = new Map<string, Cached>();
    const out: DagFlowNode[] = [];
    for (const v of view.nodes) {
      const pos = positions.get(v.id);
      if (!pos) continue;
      const members = v.kind === "group" ? [...v.members, ...v.downstream] : [v.id];
      const critical = members.some((m) => h.critical.nodes.has(m));
      const match = h.current !== null && members.includes(h.current) ? "current" : members.some((m) => h.matches.has(m)) ? "match" : "none";
      const marks: Marks = { critical, match };
      const marksKey = `${critical}|${match}`;
      const selected = v.id === h.selected;
      const old = this.cache.get(v.id);
      if (old && old.src === v && old.pos === pos && old.marks === marksKey && old.selected === selected) {
        next.set(v.id, old);
        out.push(old.node);
        continue;
      }
      const node: DagFlowNode =
        v.kind === "task"
          ? {
              id: v.id,
              type: "task",
              position: pos,
              data: { node: v.node, marks },
              selected,
              ariaLabel: `${v.node.label}, ${v.node.nodeType}, ${v.node.status ?? "no status"}`,
            }
          : {
              id: v.id,
              type: "group",
              position: pos,
              data: {
                count: v.members.length,
                downstream: v.downstream.length,
                failed: v.failed,
                nodeType: v.nodeType,
                status: v.status,
                expandKey: v.expandKey,
                marks,
              },
              selected,
              ariaLabel: `Group of ${v.members.length} ${v.nodeType} nodes and ${v.downstream.length} downstream, ${v.failed} failed; click to expand, ${v.status ?? "no status"}`,
            };
      next.set(v.id, { src: v, pos, marks: marksKey, selected, node });
      out.push(node);
    }
    this.cache = next;
    return out;
  }
}

/** React Flow edges between placed nodes; an unchanged edge keeps its object. */
export class FlowEdgeBuilder {
  private cache = new Map<string, { key: string; edge: DagFlowEdge }>();

  build(view: ViewGraph, positions: ReadonlyMap<string, Point>, criticalEdges: ReadonlySet<string>): DagFlowEdge[] {
    const next = new Map<string, { key: string; edge: DagFlowEdge }>();
    const out: DagFlowEdge[] = [];
    for (const e of view.edges) {
      if (!positions.has(e.from) || !positions.has(e.to)) continue;
      const critical = e.edges.some((x) => criticalEdges.has(x.id));
      const key = `${e.from}>${e.to}|${critical}|${e.edges.map((x) => `${x.id}@${x.version}`).join(",")}`;
      const old = this.cache.get(e.id);
      const edge: DagFlowEdge =
        old && old.key === key
          ? old.edge
          : { id: e.id, source: e.from, target: e.to, type: "labeled", data: { edges: e.edges, critical } };
      next.set(e.id, { key, edge });
      out.push(edge);
    }
    this.cache = next;
    return out;
  }
}

/** Nodes from state, refreshed from `built` while keeping what React Flow measured. */
export function mergeMeasured(prev: readonly DagFlowNode[], built: readonly DagFlowNode[]): DagFlowNode[] {
  const byId = new Map(prev.map((n) => [n.id, n]));
  return built.map((b) => {
    const p = byId.get(b.id);
    if (!p?.measured) return b;
    if (p.data === b.data && p.position === b.position && p.selected === b.selected) return p;
    return { ...b, measured: p.measured };
  });
}
