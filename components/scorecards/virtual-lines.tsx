"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, type ReactNode } from "react";

const LINE = 18;

/**
 * A long text drawn line by line, only the lines in view: a 100k-line file scrolls as a
 * 10-line one, and nothing is cut off.
 */
export function VirtualLines({ count, line, label, height = 480 }: { count: number; line: (i: number) => ReactNode; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  // The virtualizer is an imperative object by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({ count, getScrollElement: () => ref.current, estimateSize: () => LINE, overscan: 30 });
  return (
    <div ref={ref} role="region" aria-label={label} tabIndex={0} className="overflow-auto rounded border border-zinc-200 bg-zinc-50 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-900" style={{ height: Math.min(height, count * LINE + 8) }}>
      <div style={{ height: v.getTotalSize(), position: "relative" }}>
        {v.getVirtualItems().map((it) => (
          <div key={it.key} className="absolute left-0 flex w-full whitespace-pre" style={{ top: it.start, height: LINE }}>
            <span aria-hidden className="w-12 shrink-0 select-none pr-2 text-right text-zinc-400">
              {it.index + 1}
            </span>
            <span>{line(it.index)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
