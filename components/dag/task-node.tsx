"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { nodeDurationMs } from "@/lib/graph/statuses";
import type { TaskFlowNode } from "./dag-types";
import { formatDuration, nodeLook } from "./node-look";

const RING = { none: "", match: "ring-2 ring-amber-400", current: "ring-4 ring-amber-500" } as const;

/** One step of the session: label, type, status (icon, label, colour) and duration. */
export const TaskNode = memo(function TaskNode({ data, selected }: NodeProps<TaskFlowNode>) {
  const { node, marks } = data;
  const look = nodeLook(node.status);
  const ms = nodeDurationMs(node);
  return (
    <div
      className={`flex h-[60px] w-[208px] flex-col justify-center rounded-md border-2 bg-white px-2 text-left text-xs shadow-sm dark:bg-zinc-900 ${RING[marks.match]} ${
        selected ? "outline outline-2 outline-offset-2 outline-sky-600" : ""
      } ${node.status === "running" ? "dag-running" : ""}`}
      style={{ borderColor: look.hex, boxShadow: marks.critical ? `0 0 0 3px ${look.hex}55, 0 0 14px 2px #D55E0099` : undefined }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="truncate font-medium" title={node.label}>
        {node.label}
      </div>
      <div className="flex items-center justify-between gap-2 text-[11px] text-zinc-600 dark:text-zinc-400">
        <span className="truncate font-mono" title={node.nodeType}>
          {node.nodeType}
        </span>
        <span className="flex shrink-0 items-center gap-1">
          <span aria-hidden style={{ color: look.hex }} className={node.status === "running" ? "dag-spin" : ""}>
            {look.icon}
          </span>
          <span>{look.label}</span>
          {ms !== null ? <span className="tabular-nums">· {formatDuration(ms)}</span> : null}
        </span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
