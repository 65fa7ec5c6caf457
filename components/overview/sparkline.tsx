import { memo } from "react";

const W = 120;
const H = 28;

/** Counts per bucket as a small line; the numbers are in its label for screen readers. */
export const Sparkline = memo(function Sparkline({ counts, label }: { counts: readonly number[]; label: string }) {
  const max = Math.max(1, ...counts);
  const step = counts.length > 1 ? W / (counts.length - 1) : W;
  const points = counts.map((c, i) => `${(i * step).toFixed(1)},${(H - 2 - (c / max) * (H - 4)).toFixed(1)}`).join(" ");
  return (
    <svg role="img" aria-label={`${label} per bucket, oldest first: ${counts.join(", ")}`} width={W} height={H} viewBox={`0 0 ${W} ${H}`} className="overflow-visible">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
});
