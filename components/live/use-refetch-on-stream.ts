"use client";

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { followStream, type Follower } from "@/lib/live/stream-follower";
import type { StreamSeqs } from "@/lib/queries/list-schema";
import { useLiveConnection, useLiveStatus } from "./live-provider";

export interface RefetchTarget {
  stream: string;
  filterSubject: string;
  /**
   * The answer's seqs; following starts after its seq on `stream` (0 when the index has
   * nothing from that stream yet). Undefined: no answer yet.
   */
  seq: StreamSeqs | undefined;
  queryKey: QueryKey;
}

/**
 * For answers that are aggregates (counts, intervals, percentiles) a message cannot patch
 * in place: messages after the answer's seq refetch it, at most once a second. The
 * follower restarts only for another stream, filter or query, not when a refetch moves
 * the seq (it already follows from where it was).
 */
export function useRefetchOnStream({ stream, filterSubject, seq, queryKey }: RefetchTarget): void {
  const afterSeq = seq === undefined ? undefined : (seq[stream] ?? 0);
  const live = useLiveConnection();
  const { status } = useLiveStatus();
  const queryClient = useQueryClient();
  const afterRef = useRef(afterSeq);
  const keyRef = useRef(queryKey);
  useEffect(() => {
    afterRef.current = afterSeq;
    keyRef.current = queryKey;
  }, [afterSeq, queryKey]);
  const keyText = JSON.stringify(queryKey);
  const hasAnswer = afterSeq !== undefined;

  useEffect(() => {
    const nc = status === "connected" ? live.connection() : null;
    if (!nc || !hasAnswer) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    let follower: Follower | null = null;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: keyRef.current });
      }, 1000);
    };
    followStream(nc, { stream, filterSubject, afterSeq: afterRef.current ?? 0 }, { onMessage: refresh, onCannotResume: refresh }).then(
      (f) => (cancelled ? void f.stop() : (follower = f)),
      () => undefined,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      void follower?.stop();
    };
  }, [status, live, stream, filterSubject, keyText, hasAnswer, queryClient]);
}
