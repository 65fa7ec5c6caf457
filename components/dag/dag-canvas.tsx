"use client";

import {
  Background,
  Controls,
  getNodesBounds,
  getViewportForBounds,
  MiniMap,
  ReactFlow,
  useNodesState,
  useReactFlow,
  useStore,
  type EdgeTypes,
  type NodeTypes,
} from "@xyflow/react";
import { useTheme } from "next-themes";
import { startTransition, useEffect, useRef, useState } from "react";
import type { DagFlowEdge, DagFlowNode } from "./dag-types";
import { mergeMeasured } from "./flow-elements";
import { GroupNode } from "./group-node";
import { LabeledEdge } from "./labeled-edge";
import { nodeLook } from "./node-look";
import { TaskNode } from "./task-node";

const NONE: DagFlowNode[] = [];
const NO_EDGES: DagFlowEdge[] = [];

const nodeTypes = { task: TaskNode, group: GroupNode } satisfies NodeTypes;
const edgeTypes = { labeled: LabeledEdge } satisfies EdgeTypes;

/** Fitting a graph that needs a smaller zoom than this makes it unreadable. */
const MIN_FIT_ZOOM = 0.3;
const START_ZOOM = 0.6;

/** Above this many nodes only what is in the viewport is rendered. */
const VISIBLE_ONLY_ABOVE = 300;

function minimapColor(n: DagFlowNode): string {
  return nodeLook(n.type === "task" ? n.data.node.status : n.data.status).hex;
}

/** What React Flow itself holds, for the person (and tests) to read. */
function CanvasCount({ layoutMs, layoutBy }: { layoutMs: number | null; layoutBy: "server" | "browser" | null }) {
  const nodes = useStore((s) => s.nodes.length);
  const edges = useStore((s) => s.edges.length);
  return (
    <p role="status" aria-label="Canvas contents" className="absolute left-2 top-2 z-10 rounded bg-white/80 px-2 py-0.5 text-xs dark:bg-zinc-900/80">
      {nodes} nodes · {edges} edges on the canvas
      {layoutMs === null ? "" : ` · layout ${layoutMs < 1000 ? `${Math.round(layoutMs)} ms` : `${(layoutMs / 1000).toFixed(1)} s`}${layoutBy === "server" ? " on the server" : ""}`}
    </p>
  );
}

export interface DagCanvasProps {
  nodes: DagFlowNode[];
  edges: DagFlowEdge[];
  onSelect: (id: string | null) => void;
  onExpand: (expandKey: string) => void;
  /** Bumped to fit the whole graph in view (first layout, or the person asked). */
  fitRequest: number;
  /** How long the last layout took, and where. */
  layoutMs: number | null;
  layoutBy: "server" | "browser" | null;
}

export function DagCanvas({ nodes: built, edges, onSelect, onExpand, fitRequest, layoutMs, layoutBy }: DagCanvasProps) {
  const [nodes, setNodes, onNodesChange] = useNodesState<DagFlowNode>([]);
  // Adjusted while rendering, not in an effect: an effect would cost a status delta one
  // more render pass, after a paint, before React Flow sees it.
  const [mergedFrom, setMergedFrom] = useState<DagFlowNode[] | null>(null);
  if (mergedFrom !== built) {
    setMergedFrom(built);
    setNodes((prev) => mergeMeasured(prev, built));
  }
  const { setViewport } = useReactFlow();
  const width = useStore((st) => st.width);
  const height = useStore((st) => st.height);
  const { resolvedTheme } = useTheme();
  const fitted = useRef(0);
  // Nodes reach React Flow once the viewport is set for them: a first frame at the default
  // viewport would draw (and, above VISIBLE_ONLY_ABOVE, pick) another part of the graph.
  const [placedView, setPlacedView] = useState(false);
  useEffect(() => {
    if (built.length === 0 || fitted.current === fitRequest || width === 0) return;
    fitted.current = fitRequest;
    // Node sizes are known (flow-elements.ts), so the fit needs no measuring.
    const b = getNodesBounds(built);
    const zoom = Math.min(width / b.width, height / b.height) * 0.9;
    if (zoom >= MIN_FIT_ZOOM) void setViewport(getViewportForBounds(b, width, height, MIN_FIT_ZOOM, 1.2, 0.1));
    else {
      // Too big to read whole: start readable, at the roots (the minimap shows the rest), which
      // also keeps the first paint to what is in view.
      const root = built.reduce((a, n) => (n.position.x < a.position.x ? n : a));
      void setViewport({ zoom: START_ZOOM, x: 24 - root.position.x * START_ZOOM, y: height / 2 - (root.position.y + 30) * START_ZOOM });
    }
    setPlacedView(true);
  }, [built, fitRequest, setViewport, width, height]);
  const shown = placedView ? nodes : NONE;
  // The minimap draws every node of the view: it follows the canvas in a frame of its own
  // (after the one that paints the canvas), rendered as a transition.
  const [mapShown, setMapShown] = useState(false);
  useEffect(() => {
    if (!placedView || mapShown) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setMapShown(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [placedView, mapShown]);

  return (
    <ReactFlow<DagFlowNode, DagFlowEdge>
      nodes={shown}
      edges={placedView ? edges : NO_EDGES}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={(_, n) => (n.type === "group" ? onExpand(n.data.expandKey) : onSelect(n.id))}
      onPaneClick={() => onSelect(null)}
      nodesDraggable={false}
      nodesConnectable={false}
      onlyRenderVisibleElements={built.length > VISIBLE_ONLY_ABOVE}
      minZoom={0.02}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
      colorMode={resolvedTheme === "dark" ? "dark" : "light"}
    >
      <CanvasCount layoutMs={layoutMs} layoutBy={layoutBy} />
      <Background gap={24} />
      <Controls showInteractive={false} fitViewOptions={{ padding: 0.1 }} />
      {mapShown ? <MiniMap<DagFlowNode> pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} ariaLabel="Minimap of the session graph" /> : null}
    </ReactFlow>
  );
}
