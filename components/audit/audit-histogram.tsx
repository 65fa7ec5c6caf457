"use client";

import { memo, useRef, useState, type PointerEvent } from "react";
import type { AuditHistogram as Histogram } from "@/lib/contract/audit";
import { formatCount } from "../ui/format";
import { formatTime, useTimeZone } from "../ui/time-zone";

const HEIGHT = 80;
const BAR = 10;

/** The time range buckets i..j cover (the last one cut at the histogram's end). */
export function bucketRange(h: Pick<Histogram, "fromMs" | "toMs" | "bucketMs">, i: number, j: number): { from: number; to: number } {
  const lo = Math.min(i, j);
  const hi = Math.max(i, j);
  return { from: h.fromMs + lo * h.bucketMs, to: Math.min(h.toMs, h.fromMs + (hi + 1) * h.bucketMs) };
}

/**
 * Events per time bucket over the chosen range, in plain SVG: each bar is labelled with
 * its count and span. Dragging across bars (or clicking one) narrows the range to them.
 */
export const AuditHistogram = memo(function AuditHistogram(props: {
  histogram: Histogram | undefined;
  loading: boolean;
  narrowed: boolean;
  onNarrow: (fromMs: number, toMs: number) => void;
  onReset: () => void;
}) {
  const { histogram: h } = props;
  const [tz] = useTimeZone();
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);

  const n = h?.counts.length ?? 0;
  const max = Math.max(1, ...(h?.counts ?? []));
  const bucketAt = (clientX: number): number => {
    const box = svg.current?.getBoundingClientRect();
    if (!box || box.width === 0 || n === 0) return 0;
    return Math.max(0, Math.min(n - 1, Math.floor(((clientX - box.left) / box.width) * n)));
  };

  const onDown = (e: PointerEvent<SVGSVGElement>) => {
    if (!h || e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const i = bucketAt(e.clientX);
    setDrag({ from: i, to: i });
  };
  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (drag) setDrag({ ...drag, to: bucketAt(e.clientX) });
  };
  const onUp = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag || !h) return;
    const r = bucketRange(h, drag.from, bucketAt(e.clientX));
    setDrag(null);
    props.onNarrow(r.from, r.to);
  };

  const label = (i: number) => {
    if (!h) return "";
    const r = bucketRange(h, i, i);
    return `${formatCount(h.counts[i] ?? 0)} events from ${formatTime(r.from, tz, false)} to ${formatTime(r.to, tz, false)}`;
  };

  return (
    <figure aria-label="Events over time" className="mb-3 rounded-md border border-zinc-200 p-2 dark:border-zinc-800" aria-busy={props.loading}>
      <figcaption className="mb-1 flex items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span>
          Events over time{h ? ` · ${formatCount(h.total)} in ${n} buckets` : ""} · drag across the bars to narrow the range
        </span>
        {props.narrowed ? (
          <button type="button" onClick={props.onReset} className="rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
            Reset range
          </button>
        ) : null}
      </figcaption>
      {h ? (
        <>
          <svg
            ref={svg}
            role="group"
            aria-label="Histogram bars"
            viewBox={`0 0 ${n * BAR} ${HEIGHT}`}
            preserveAspectRatio="none"
            className="block h-20 w-full cursor-crosshair touch-none select-none"
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={() => setDrag(null)}
          >
            {h.counts.map((c, i) => {
              const height = c === 0 ? 0 : Math.max(1, (c / max) * (HEIGHT - 2));
              return (
                <g key={i} role="img" aria-label={label(i)}>
                  <title>{label(i)}</title>
                  {/* The whole column takes the pointer, not only the bar. */}
                  <rect x={i * BAR} y={0} width={BAR} height={HEIGHT} fill="transparent" />
                  <rect x={i * BAR + 1} y={HEIGHT - height} width={BAR - 2} height={height} className="fill-sky-600 dark:fill-sky-500" />
                </g>
              );
            })}
            {drag ? (
              <rect
                aria-hidden
                x={Math.min(drag.from, drag.to) * BAR}
                y={0}
                width={(Math.abs(drag.to - drag.from) + 1) * BAR}
                height={HEIGHT}
                className="fill-amber-400/40"
              />
            ) : null}
          </svg>
          <div className="mt-1 flex justify-between text-xs tabular-nums text-zinc-500">
            <span>{formatTime(h.fromMs, tz, false)}</span>
            <span>{formatTime(h.toMs, tz, false)}</span>
          </div>
        </>
      ) : (
        <div className="h-20" aria-hidden />
      )}
    </figure>
  );
});
