import Link from "next/link";
import type { ModelScorecardAnswer } from "@/lib/contract/replies";
import { OKABE_ITO } from "../ui/palette";
import { pct } from "./format-rate";

export const SHAPE_COLORS = {
  whole_files: OKABE_ITO.green,
  unified_diff: OKABE_ITO.blue,
  prose: OKABE_ITO.vermillion,
  missing: OKABE_ITO.grey,
} as const;
const SHAPES = ["whole_files", "unified_diff", "prose", "missing"] as const;

/** The emission-shape mix as a stacked bar whose parts link to their replies, with the rates spelled out. */
export function ShapeBar({ shapes, hrefFor }: { shapes: ModelScorecardAnswer["shapes"]; hrefFor: (shape: string) => string }) {
  return (
    <div className="flex flex-col gap-1">
      <div className="flex h-3 w-44 overflow-hidden rounded" role="img" aria-label={SHAPES.map((s) => `${s} ${pct(shapes[s].value)}`).join(", ")}>
        {SHAPES.map((s) =>
          shapes[s].k > 0 ? (
            <Link
              prefetch={false}
              key={s}
              href={hrefFor(s)}
              title={`${s}: ${shapes[s].k} of ${shapes[s].n} (${pct(shapes[s].value)}), 95% ${pct(shapes[s].low)}–${pct(shapes[s].high)}`}
              style={{ width: `${(shapes[s].value ?? 0) * 100}%`, backgroundColor: SHAPE_COLORS[s] }}
            />
          ) : null,
        )}
      </div>
      <div className="flex flex-wrap gap-x-2 text-[11px] tabular-nums text-zinc-600 dark:text-zinc-400">
        {SHAPES.map((s) => (
          <span key={s}>
            <span aria-hidden style={{ color: SHAPE_COLORS[s] }}>
              ■
            </span>{" "}
            {s.replace("_", " ")} {pct(shapes[s].value, 0)}
          </span>
        ))}
      </div>
    </div>
  );
}
