"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { applyGraphChanges, type DeltaChange } from "@/lib/graph/apply-delta";
import { fetchJson } from "@/lib/queries/fetch-json";
import { sessionGraphQuery } from "@/lib/queries/sessions";
import { sessionDeltasSchema, type SessionGraph, type SessionTimeline } from "@/lib/contract/sessions";

export const SPEEDS = [1, 2, 5, 10, 50] as const;
export type Speed = (typeof SPEEDS)[number];
/** Idle stretches longer than this (at 1×) are shortened, so playback never seems stuck. */
const MAX_GAP_MS = 2000;

function nsToMs(ns: string | null | undefined): number | null {
  return ns ? Number(BigInt(ns) / 1_000_000n) : null;
}

/**
 * Plays a session back from the shown seq: each next delta is fetched ahead in pages,
 * applied to the graph of the previous step (no refetch of the whole graph per step),
 * and the step's seq goes to the URL, at the pace it happened times `speed`.
 */
export function usePlayback(
  sessionId: string,
  timeline: SessionTimeline | undefined,
  seq: number | null,
  setSeq: (seq: number) => void,
) {
  const queryClient = useQueryClient();
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(10);
  const [error, setError] = useState<string | null>(null);
  const buffer = useRef(new Map<number, DeltaChange>());
  const fetchedUpTo = useRef(0);

  const i = seq === null || !timeline ? -1 : timeline.seqs.findIndex((s) => s > seq);
  const next = i === -1 ? undefined : timeline?.seqs[i];
  // At the last change playback is over (the state stays; a new play starts again).
  const active = playing && next !== undefined;

  useEffect(() => {
    if (!active || seq === null || !timeline || next === undefined) return;
    let cancelled = false;
    const gap = (nsToMs(timeline.publishedNs[i]) ?? 0) - (nsToMs(timeline.publishedNs[i - 1]) ?? 0);
    const wait = Math.max(16, Math.min(MAX_GAP_MS, Math.max(0, gap)) / speed);
    const timer = setTimeout(async () => {
      try {
        if (!buffer.current.has(next) || fetchedUpTo.current < next) {
          const page = await fetchJson(`/api/sessions/${encodeURIComponent(sessionId)}/deltas?after=${seq}&limit=200`, sessionDeltasSchema);
          for (const d of page.items) buffer.current.set(d.seq, d);
          fetchedUpTo.current = page.items.at(-1)?.seq ?? fetchedUpTo.current;
        }
        const current = queryClient.getQueryData<SessionGraph>(sessionGraphQuery(sessionId, seq).queryKey);
        const delta = buffer.current.get(next);
        if (cancelled || !current || !delta) return;
        buffer.current.delete(next);
        queryClient.setQueryData(sessionGraphQuery(sessionId, next).queryKey, applyGraphChanges(current, [delta]));
        setSeq(next);
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
        setPlaying(false);
      }
    }, wait);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [active, i, next, seq, timeline, speed, sessionId, queryClient, setSeq]);

  return {
    playing: active,
    speed,
    error,
    setSpeed,
    play: () => {
      setError(null);
      buffer.current.clear();
      fetchedUpTo.current = 0;
      setPlaying(true);
    },
    pause: () => setPlaying(false),
  };
}
