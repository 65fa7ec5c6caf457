"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { GroupFlowNode } from "./dag-types";
import { nodeLook } from "./node-look";

/** A fan-out of many same-type, same-status siblings (and the branches hanging only from them), counted; a click expands it. */
export const GroupNode = memo(function GroupNode({ data }: NodeProps<GroupFlowNode>) {
  const look = nodeLook(data.status);
  return (
    <div
      className={`flex h-[60px] w-[224px] cursor-pointer flex-col justify-center rounded-md border-2 border-dashed bg-zinc-50 px-2 text-xs shadow-[4px_4px_0_0_rgba(0,0,0,0.08)] dark:bg-zinc-800 ${
        data.marks.match !== "none" ? "ring-2 ring-amber-400" : ""
      }`}
      style={{ borderColor: look.hex }}
      title="Click to expand"
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="truncate font-medium">
        {data.count} × <span className="font-mono">{data.nodeType}</span>
        {data.downstream > 0 ? <span className="font-normal text-zinc-500"> +{data.downstream} downstream</span> : null}
      </div>
      <div className="flex items-center gap-1 text-[11px] text-zinc-600 dark:text-zinc-400">
        <span aria-hidden style={{ color: look.hex }}>
          {look.icon}
        </span>
        {look.label}
        {data.failed > 0 ? <span style={{ color: "#D55E00" }}>· ✕ {data.failed} failed</span> : null} · click to expand
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
