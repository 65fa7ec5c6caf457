import { PILOT_NODE_STATUSES } from "@/lib/protocol/smith-graph";
import { nodeLook } from "./node-look";

/** What the colours, icons and marks on the canvas mean. */
export function DagLegend() {
  return (
    <section aria-label="Legend" className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {PILOT_NODE_STATUSES.map((s) => {
        const look = nodeLook(s);
        return (
          <span key={s} className="inline-flex items-center gap-1">
            <span aria-hidden className="inline-block h-3 w-3 rounded-sm border-2" style={{ borderColor: look.hex }} />
            <span aria-hidden style={{ color: look.hex }}>
              {look.icon}
            </span>
            {look.label}
          </span>
        );
      })}
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className="inline-block h-3 w-4 rounded-sm border-2 border-dashed border-zinc-400" /> group (click to expand)
      </span>
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className="inline-block h-0.5 w-4 bg-[#D55E00]" /> critical path
      </span>
      <span className="inline-flex items-center gap-1">
        <span aria-hidden className="inline-block h-3 w-3 rounded-sm ring-2 ring-amber-400" /> find match
      </span>
    </section>
  );
}
