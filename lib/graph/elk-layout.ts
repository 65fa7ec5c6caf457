import type { ElkNode, LayoutOptions } from "elkjs/lib/elk-api";
import type { Point, Size } from "./place-incremental";
import type { ViewGraph } from "./view-graph";

export interface LayoutRequest {
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; from: string; to: string }[];
}

/**
 * ELK layered, left to right. The cheaper strategies are chosen where they change little
 * for agent DAGs (a planner fanning out into chains that merge): one crossing-minimisation
 * sweep, polyline routing (React Flow draws its own edges), one component pass.
 */
export const LAYOUT_OPTIONS: LayoutOptions = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.spacing.nodeNode": "16",
  "elk.layered.spacing.nodeNodeBetweenLayers": "56",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  "elk.layered.thoroughness": "1",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.edgeRouting": "POLYLINE",
  "elk.separateConnectedComponents": "false",
};

/**
 * Above this many nodes, longest-path layering and the simplest node placement: network
 * simplex layering keeps short branches next to their parent (much easier to read) but
 * is the largest cost on very large graphs.
 */
const CHEAP_ABOVE = 3000;

export function layoutOptionsFor(nodeCount: number): LayoutOptions {
  return nodeCount > CHEAP_ABOVE
    ? { ...LAYOUT_OPTIONS, "elk.layered.layering.strategy": "LONGEST_PATH", "elk.layered.nodePlacement.strategy": "SIMPLE" }
    : LAYOUT_OPTIONS;
}

export function toElkGraph(req: LayoutRequest): ElkNode {
  const ids = new Set(req.nodes.map((n) => n.id));
  return {
    id: "root",
    layoutOptions: layoutOptionsFor(req.nodes.length),
    children: req.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: req.edges
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
}

export function positionsOf(laidOut: ElkNode): Map<string, Point> {
  const out = new Map<string, Point>();
  for (const c of laidOut.children ?? []) out.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  return out;
}

export const TASK_SIZE: Size = { width: 208, height: 60 };
export const GROUP_SIZE: Size = { width: 224, height: 60 };

/** What ELK is asked to lay out for a view: every node at its drawn size, and the edges. */
export function layoutRequestOf(view: ViewGraph): LayoutRequest {
  return {
    nodes: view.nodes.map((n) => ({ id: n.id, ...(n.kind === "group" ? GROUP_SIZE : TASK_SIZE) })),
    edges: view.edges.map((e) => ({ id: e.id, from: e.from, to: e.to })),
  };
}
