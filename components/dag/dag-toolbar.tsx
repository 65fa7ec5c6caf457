"use client";

import { useEffect, useState } from "react";
import { formatDuration } from "./node-look";

const button = "rounded-md border border-zinc-300 px-2 py-0.5 text-sm disabled:opacity-50 dark:border-zinc-700";

export interface ToolbarProps {
  find: string;
  onFind: (text: string) => void;
  matchCount: number;
  matchIndex: number;
  onNextMatch: (step: 1 | -1) => void;
  failuresOnly: boolean;
  onFailuresOnly: (on: boolean) => void;
  critical: boolean;
  onCritical: (on: boolean) => void;
  criticalMs: number | null;
  criticalEnd: string | null;
  onRelayout: () => void;
  onExport: (kind: "png" | "svg" | "json") => void;
  exporting: boolean;
}

/** Find, the two lenses (failures only, critical path), re-layout and export. */
export function DagToolbar(p: ToolbarProps) {
  const [text, setText] = useState(p.find);
  const { find, onFind } = p;
  useEffect(() => {
    const t = setTimeout(() => text !== find && onFind(text), 250);
    return () => clearTimeout(t);
  }, [text, find, onFind]);

  return (
    <div role="toolbar" aria-label="Graph tools" className="flex flex-wrap items-center gap-3 text-sm">
      <form
        role="search"
        aria-label="Find nodes"
        className="flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (text !== p.find) p.onFind(text);
          else p.onNextMatch(1);
        }}
      >
        <input
          type="search"
          aria-label="Find nodes by label, type or metadata"
          placeholder="find label, type, metadata…"
          className="w-60 rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="button" className={button} aria-label="Previous match" disabled={p.matchCount === 0} onClick={() => p.onNextMatch(-1)}>
          ↑
        </button>
        <button type="button" className={button} aria-label="Next match" disabled={p.matchCount === 0} onClick={() => p.onNextMatch(1)}>
          ↓
        </button>
        <span role="status" aria-label="Find results" className="min-w-20 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {p.find === "" ? "" : p.matchCount === 0 ? "no match" : `${p.matchIndex + 1} of ${p.matchCount}`}
        </span>
      </form>
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={p.failuresOnly} onChange={(e) => p.onFailuresOnly(e.target.checked)} />
        Failures only
      </label>
      <label className="flex items-center gap-1" title="The longest-duration chain from a root to the selected node (or the last one that changed)">
        <input type="checkbox" checked={p.critical} onChange={(e) => p.onCritical(e.target.checked)} />
        Critical path
      </label>
      {p.critical && p.criticalMs !== null ? (
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          {formatDuration(p.criticalMs)} to {p.criticalEnd ?? "the last node"}
        </span>
      ) : null}
      <span className="ml-auto flex items-center gap-1">
        <button type="button" className={button} onClick={p.onRelayout} title="Lay the whole graph out again (nodes move)">
          Re-layout
        </button>
        <span className="text-xs text-zinc-500">Export</span>
        {(["png", "svg", "json"] as const).map((k) => (
          <button key={k} type="button" className={button} disabled={p.exporting} onClick={() => p.onExport(k)} aria-label={`Export as ${k.toUpperCase()}`}>
            {k.toUpperCase()}
          </button>
        ))}
      </span>
    </div>
  );
}
