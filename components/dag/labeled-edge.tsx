"use client";

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { memo, useState } from "react";
import type { DagFlowEdge } from "./dag-types";

function edgeText(data: DagFlowEdge["data"]): string {
  const edges = data?.edges ?? [];
  const first = edges[0];
  if (!first) return "";
  const one = first.label ? `${first.edgeType}: ${first.label}` : first.edgeType;
  return edges.length > 1 ? `${edges.length} edges · ${one}` : one;
}

/** An edge that shows its `edge_type` / `label` while the pointer is on it. */
export const LabeledEdge = memo(function LabeledEdge(props: EdgeProps<DagFlowEdge>) {
  const [hover, setHover] = useState(false);
  const [path, labelX, labelY] = getBezierPath(props);
  const text = edgeText(props.data);
  const critical = props.data?.critical ?? false;
  return (
    <>
      <BaseEdge id={props.id} path={path} style={{ stroke: critical ? "#D55E00" : undefined, strokeWidth: critical ? 3 : 1.5 }} />
      <path
        d={path}
        fill="none"
        stroke="transparent"
        strokeWidth={14}
        pointerEvents="stroke"
        onMouseEnter={() => setHover(true)}
        onMouseLeave={() => setHover(false)}
      >
        <title>{text}</title>
      </path>
      {hover ? (
        <EdgeLabelRenderer>
          <div
            role="tooltip"
            className="pointer-events-none absolute rounded bg-zinc-900 px-1.5 py-0.5 font-mono text-[11px] text-white shadow dark:bg-zinc-100 dark:text-zinc-900"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {text}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});
