"use client";

import { useEffect, useRef, useState } from "react";
import { nsToMillis } from "@/lib/protocol/primitives";
import type { SessionTimeline } from "@/lib/contract/sessions";
import { formatTime, useTimeZone } from "../ui/time-zone";
import { SPEEDS, type Speed } from "./use-playback";

export interface ScrubberProps {
  timeline: SessionTimeline;
  /** The seq shown; null = live (the latest). */
  seq: number | null;
  onSeek: (seq: number) => void;
  onLive: () => void;
  playing: boolean;
  onPlay: () => void;
  onPause: () => void;
  speed: Speed;
  onSpeed: (s: Speed) => void;
}

/** Index of the last change at or before `seq`. */
function indexAt(seqs: readonly number[], seq: number): number {
  let lo = 0;
  let hi = seqs.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((seqs[mid] ?? 0) <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Drag through every change the session's graph went through; play it back; return to live. */
export function TimeScrubber(p: ScrubberProps) {
  const [tz] = useTimeZone();
  const { seqs, publishedNs } = p.timeline;
  const last = seqs.length - 1;
  const shown = p.seq === null ? last : indexAt(seqs, p.seq);
  const [drag, setDrag] = useState<number | null>(null);
  const index = drag ?? shown;
  const onSeek = useRef(p.onSeek);
  useEffect(() => {
    onSeek.current = p.onSeek;
  }, [p.onSeek]);
  // Seek once the hand rests, not at every pixel of a drag.
  useEffect(() => {
    if (drag === null) return;
    const t = setTimeout(() => {
      const s = seqs[drag];
      if (s !== undefined) onSeek.current(s);
      setDrag(null);
    }, 120);
    return () => clearTimeout(t);
  }, [drag, seqs]);
  const ns = publishedNs[index];
  const when = ns ? formatTime(nsToMillis(BigInt(ns)), tz) : "time unknown";

  return (
    <div role="group" aria-label="Time travel" className="flex flex-wrap items-center gap-3 border-t border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
      <button
        type="button"
        className="rounded-md border border-zinc-300 px-2 py-0.5 dark:border-zinc-700"
        onClick={p.playing ? p.onPause : p.onPlay}
        disabled={seqs.length < 2}
        aria-label={p.playing ? "Pause playback" : "Play back"}
      >
        {p.playing ? "❚❚ Pause" : "▶ Play"}
      </button>
      <label className="flex items-center gap-1 text-xs">
        Speed
        <select
          aria-label="Playback speed"
          className="rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
          value={p.speed}
          onChange={(e) => p.onSpeed(SPEEDS.find((s) => String(s) === e.target.value) ?? 1)}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        aria-label="Moment shown"
        aria-valuetext={`change ${index + 1} of ${seqs.length}, seq ${seqs[index] ?? "?"}, ${when}`}
        className="min-w-48 flex-1"
        min={0}
        max={Math.max(0, last)}
        value={index}
        onChange={(e) => setDrag(Number(e.target.value))}
      />
      <span className="tabular-nums text-xs text-zinc-600 dark:text-zinc-400">
        change {index + 1} / {seqs.length} · seq {seqs[index] ?? "—"} · {when}
      </span>
      {p.seq === null ? (
        <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">● live</span>
      ) : (
        <button type="button" className="rounded-md bg-emerald-700 px-2 py-0.5 text-xs text-white" onClick={p.onLive}>
          Back to live
        </button>
      )}
    </div>
  );
}
