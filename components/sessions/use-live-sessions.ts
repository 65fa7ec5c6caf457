"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { followStream, type Follower } from "@/lib/live/stream-follower";
import { sessionsQuery } from "@/lib/queries/sessions";
import type { SessionFilters } from "@/lib/queries/session-filters";
import type { StreamSeqs } from "@/lib/queries/list-schema";
import { useLiveConnection, useLiveStatus } from "../live/live-provider";

const GRAPH_STREAM = "SMITH_GRAPH";

/**
 * Keeps the list current: a session's counts and state come from aggregates over its whole
 * graph, which a single delta cannot patch, so graph deltas after the list's seq trigger a
 * refetch, at most once a second.
 */
export function useLiveSessions(filters: SessionFilters, seq: StreamSeqs | undefined): void {
  const live = useLiveConnection();
  const { status } = useLiveStatus();
  const queryClient = useQueryClient();
  const after = seq?.[GRAPH_STREAM];
  const afterRef = useRef(after);
  const filtersRef = useRef(filters);
  useEffect(() => {
    afterRef.current = after;
    filtersRef.current = filters;
  }, [after, filters]);
  const filtersKey = JSON.stringify(filters);
  const hasSnapshot = after !== undefined;

  useEffect(() => {
    const nc = status === "connected" ? live.connection() : null;
    if (!nc || !hasSnapshot) return;
    const key = sessionsQuery(filtersRef.current).queryKey;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    let follower: Follower | null = null;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: key });
      }, 1000);
    };
    followStream(nc, { stream: GRAPH_STREAM, filterSubject: "smith.events.graph.>", afterSeq: afterRef.current ?? 0 }, {
      onMessage: refresh,
      onCannotResume: refresh,
    }).then(
      (f) => (cancelled ? void f.stop() : (follower = f)),
      () => undefined,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      void follower?.stop();
    };
    // Restarted when the filters change (a new list), not when a refetch moves the seq.
  }, [status, live, filtersKey, hasSnapshot, queryClient]);
}
