"use client";

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { liveTargetsFor } from "@/lib/live/live-targets";
import { followLive } from "@/lib/live/follow-live";
import type { Follower } from "@/lib/live/stream-follower";
import type { StreamSeqs } from "@/lib/contract/list";
import { useLiveConnection, useLiveStatus } from "./live-provider";

export interface RefetchTarget {
  /** The platform subjects, followed in whichever streams hold them (live-targets.ts). */
  subject: string;
  /**
   * The answer's seqs; following starts after its seq on each stream (0 when the index has
   * nothing from that stream yet). Undefined: no answer yet.
   */
  seq: StreamSeqs | undefined;
  queryKey: QueryKey;
}

/**
 * For answers that are aggregates (counts, intervals, percentiles) a message cannot patch
 * in place: messages after the answer's seq refetch it, at most once a second. The
 * followers restart only for another subject or query, not when a refetch moves the seq
 * (they already follow from where they were).
 */
export function useRefetchOnStream({ subject, seq, queryKey }: RefetchTarget): void {
  const afterSeq = seq;
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
    const followers: Follower[] = [];
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: keyRef.current });
      }, 1000);
    };
    for (const target of liveTargetsFor(live.sources(), [subject], live.readable()))
      followLive(
        live,
        nc,
        { ...target, afterSeq: afterRef.current?.[target.stream] ?? 0 },
        { onMessage: refresh, onCannotResume: refresh },
      ).then(
        (f) => (cancelled ? void f.stop() : followers.push(f)),
        () => undefined,
      );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      for (const f of followers) void f.stop();
    };
  }, [status, live, subject, keyText, hasAnswer, queryClient]);
}
