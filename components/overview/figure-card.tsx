import Link from "next/link";
import { memo } from "react";
import type { OverviewFigure } from "@/lib/contract/overview";
import { Badge, type BadgeLook } from "../ui/badge";
import { formatCount } from "../ui/format";
import { Sparkline } from "./sparkline";

const LEVELS: Record<OverviewFigure["level"], BadgeLook> = {
  alarm: { label: "needs attention", icon: "!", color: "vermillion" },
  warn: { label: "worth a look", icon: "~", color: "orange" },
  ok: { label: "fine", icon: "✓", color: "green" },
};

/** One figure: its count, why it matters, its trend, and a link to the rows it counts. */
export const FigureCard = memo(function FigureCard({ figure }: { figure: OverviewFigure }) {
  return (
    <li data-figure={figure.id} data-level={figure.level} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <Link
        href={figure.href}
        aria-label={`${figure.label}: ${figure.value}`}
        className="flex items-baseline justify-between gap-2 hover:underline"
      >
        <span className="text-sm text-zinc-700 dark:text-zinc-300">{figure.label}</span>
        <span className="text-2xl font-semibold tabular-nums">{formatCount(figure.value)}</span>
      </Link>
      <div className="mt-1 flex items-center justify-between gap-2">
        <Badge look={LEVELS[figure.level]} />
        {figure.spark ? <Sparkline counts={figure.spark} label={figure.label} /> : null}
      </div>
      {figure.detail ? <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{figure.detail}</p> : null}
    </li>
  );
});
