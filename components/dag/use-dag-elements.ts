"use client";

import { useMemo, useState } from "react";
import { criticalPath, lastChangedNode, type CriticalPath } from "@/lib/graph/critical-path";
import { searchNodes } from "@/lib/graph/search-nodes";
import { ViewBuilder, type ViewGraph } from "@/lib/graph/view-graph";
import type { SessionGraph } from "@/lib/contract/sessions";
import { FlowEdgeBuilder, FlowNodeBuilder } from "./flow-elements";
import { useDagLayout, type LayoutSeed } from "./use-dag-layout";

const EMPTY_VIEW: ViewGraph = { nodes: [], edges: [], shownAs: new Map() };
const NO_PATH: CriticalPath = { nodes: new Set(), edges: new Set(), totalMs: 0 };

export interface Lenses {
  expanded: ReadonlySet<string>;
  failuresOnly: boolean;
  critical: boolean;
  selected: string | null;
  find: string;
  matchIndex: number;
  generation: number;
}

/**
 * From the graph to what React Flow draws: the view (lenses and fan-out groups), its
 * layout, find matches, the critical path, and the node and edge objects.
 */
export function useDagElements(graph: SessionGraph | undefined, l: Lenses, seed: LayoutSeed = null) {
  const [viewBuilder] = useState(() => new ViewBuilder());
  const view = useMemo(
    () => (graph ? viewBuilder.build(graph, { expanded: l.expanded, failuresOnly: l.failuresOnly }) : EMPTY_VIEW),
    [viewBuilder, graph, l.expanded, l.failuresOnly],
  );
  const layout = useDagLayout(view, l.generation, seed);
  const matches = useMemo(() => (graph ? searchNodes(graph.nodes, l.find) : []), [graph, l.find]);
  const current = matches.length === 0 ? null : (matches[((l.matchIndex % matches.length) + matches.length) % matches.length] ?? null);
  const pathEnd = graph && l.critical ? (l.selected ?? lastChangedNode(graph.nodes)) : null;
  const path = useMemo(
    () => (graph && pathEnd ? criticalPath(graph.nodes, graph.edges, pathEnd) : NO_PATH),
    [graph, pathEnd],
  );
  const [nodeBuilder] = useState(() => new FlowNodeBuilder());
  const [edgeBuilder] = useState(() => new FlowEdgeBuilder());
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const nodes = useMemo(
    () => nodeBuilder.build(view, layout.positions, { critical: path, matches: matchSet, current, selected: l.selected }),
    [nodeBuilder, view, layout.positions, path, matchSet, current, l.selected],
  );
  const edges = useMemo(() => edgeBuilder.build(view, layout.positions, path.edges), [edgeBuilder, view, layout.positions, path]);
  const endLabel = pathEnd ? (graph?.nodes.find((n) => n.id === pathEnd)?.label ?? null) : null;
  return { view, layout, matches, current, path, pathEnd, endLabel, nodes, edges };
}
