import { Position, type NodeHandle } from "@xyflow/react";
import { GROUP_SIZE, TASK_SIZE } from "@/lib/graph/elk-layout";
import type { Point, Size } from "@/lib/graph/place-incremental";
import type { ViewEdge, ViewGraph, ViewNode } from "@/lib/graph/view-graph";
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
 * Whether a view node draws as it did. The view is rebuilt on every delta, so its objects
 * are new each time; a task's graph item keeps its identity while unchanged
 * (applyGraphChanges), and a group draws from a few counts.
 */
function sameSource(a: ViewNode, b: ViewNode): boolean {
  if (a === b) return true;
  if (a.kind === "task" || b.kind === "task") return a.kind === "task" && b.kind === "task" && a.node === b.node;
  return (
    a.members.length === b.members.length &&
    a.downstream.length === b.downstream.length &&
    a.failed === b.failed &&
    a.nodeType === b.nodeType &&
    a.status === b.status &&
    a.expandKey === b.expandKey
  );
}

/** React Flow's handle box (6 × 6 px, centred on the node's left and right edges). */
const HANDLE = 6;

/**
 * A node's size and handles as its component draws them (fixed: see task-node.tsx and
 * group-node.tsx). React Flow draws a node it has not measured whether it is in view or
 * not, to measure it: told these, it draws only what is in view from the first render
 * (a 10,000-node session's first commit drew every node, measured them all and re-rendered,
 * for a view of a few dozen).
 */
function known(size: Size) {
  const y = size.height / 2 - HANDLE / 2;
  const handles: NodeHandle[] = [
    { id: null, type: "target", position: Position.Left, x: -HANDLE / 2, y, width: HANDLE, height: HANDLE },
    { id: null, type: "source", position: Position.Right, x: size.width - HANDLE / 2, y, width: HANDLE, height: HANDLE },
  ];
  return { initialWidth: size.width, initialHeight: size.height, handles };
}
const TASK = known(TASK_SIZE);
const GROUP = known(GROUP_SIZE);

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
      if (old && sameSource(old.src, v) && old.pos === pos && old.marks === marksKey && old.selected === selected) {
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
              ...TASK,
              data: { node: v.node, marks },
              selected,
              ariaLabel: `${v.node.label}, ${v.node.nodeType}, ${v.node.status ?? "no status"}`,
            }
          : {
              id: v.id,
              type: "group",
              position: pos,
              ...GROUP,
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

/**
 * React Flow edges between placed nodes; an unchanged edge keeps its object, and when no
 * edge changed the list is the previous one: React Flow rebuilds its connection lookup
 * over every edge whenever it gets a new list, as a status delta would otherwise give it.
 */
export class FlowEdgeBuilder {
  private cache = new Map<string, { src: ViewEdge; critical: boolean; edge: DagFlowEdge }>();
  private last: DagFlowEdge[] = [];

  build(view: ViewGraph, positions: ReadonlyMap<string, Point>, criticalEdges: ReadonlySet<string>): DagFlowEdge[] {
    const next = new Map<string, { src: ViewEdge; critical: boolean; edge: DagFlowEdge }>();
    const out: DagFlowEdge[] = [];
    for (const e of view.edges) {
      if (!positions.has(e.from) || !positions.has(e.to)) continue;
      const critical = e.edges.some((x) => criticalEdges.has(x.id));
      const old = this.cache.get(e.id);
      // Compared by identity, not by a key string: thousands of edges, every delta.
      const edge: DagFlowEdge =
        old && old.critical === critical && sameEdge(old.src, e)
          ? old.edge
          : { id: e.id, source: e.from, target: e.to, type: "labeled", data: { edges: e.edges, critical } };
      next.set(e.id, { src: e, critical, edge });
      out.push(edge);
    }
    this.cache = next;
    if (out.length === this.last.length && out.every((edge, i) => edge === this.last[i])) return this.last;
    this.last = out;
    return out;
  }
}

/** The same ends and the same graph edges (each keeps its object while unchanged). */
function sameEdge(a: ViewEdge, b: ViewEdge): boolean {
  return a.from === b.from && a.to === b.to && a.edges.length === b.edges.length && a.edges.every((x, i) => x === b.edges[i]);
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
