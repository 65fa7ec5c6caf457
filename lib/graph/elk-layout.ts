import type { ElkNode, LayoutOptions } from "elkjs/lib/elk-api";
import type { Point, Size } from "./place-incremental";

export interface LayoutRequest {
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; from: string; to: string }[];
}

/**
 * ELK layered, left to right. The cheaper strategies are chosen where they change little
 * for agent DAGs (mostly trees with joins) and save most of the time on large graphs.
 */
export const LAYOUT_OPTIONS: LayoutOptions = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.spacing.nodeNode": "16",
  "elk.layered.spacing.nodeNodeBetweenLayers": "56",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  "elk.layered.thoroughness": "1",
  "elk.separateConnectedComponents": "true",
};

export function toElkGraph(req: LayoutRequest): ElkNode {
  const ids = new Set(req.nodes.map((n) => n.id));
  return {
    id: "root",
    layoutOptions: LAYOUT_OPTIONS,
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
