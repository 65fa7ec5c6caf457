"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { accepted, liveTargetsFor } from "@/lib/live/live-targets";
import { followLive } from "@/lib/live/follow-live";
import type { Follower } from "@/lib/live/stream-follower";
import { intentDetailQuery } from "@/lib/queries/intent-detail";
import type { IntentDetail } from "@/lib/contract/intents";
import { useLiveConnection, useLiveStatus } from "../../live/live-provider";

/**
 * A pending intent completes in place: its result and audit events are followed live,
 * and the detail is fetched again until the index holds what the stream delivered.
 */
export function useLiveDetail(id: string, detail: IntentDetail | undefined): { waiting: boolean } {
  const live = useLiveConnection();
  const { status } = useLiveStatus();
  const queryClient = useQueryClient();
  const [wanted, setWanted] = useState<Record<string, number>>({});
  const seqKey = detail ? JSON.stringify(detail.seq) : "";
  const hasSnapshot = detail !== undefined;

  useEffect(() => {
    const nc = status === "connected" ? live.connection() : null;
    if (!nc || !hasSnapshot) return;
    const base: Record<string, number> = seqKey
      ? (JSON.parse(seqKey) as Record<string, number>)
      : {};
    const sources = liveTargetsFor(live.sources(), [`smith.results.${id}`, `smith.audit.*.${id}`], live.readable());
    const followers: Follower[] = [];
    let cancelled = false;
    for (const s of sources) {
      void followLive(
        live,
        nc,
        { ...s, afterSeq: base[s.stream] ?? 0 },
        {
          onMessage: (m) => {
            if (accepted(s, m.subject))
              setWanted((w) => ({ ...w, [m.stream]: Math.max(w[m.stream] ?? 0, m.seq) }));
          },
          onCannotResume: () =>
            void queryClient.invalidateQueries({ queryKey: intentDetailQuery(id).queryKey }),
        },
      ).then(
        (f) => (cancelled ? void f.stop() : followers.push(f)),
        () => undefined,
      );
    }
    return () => {
      cancelled = true;
      for (const f of followers) void f.stop();
    };
    // Restart only when the snapshot's sequences move, not on every render.
  }, [status, live, id, seqKey, hasSnapshot, queryClient]);

  const waiting =
    detail !== undefined &&
    Object.entries(wanted).some(([stream, seq]) => (detail.seq[stream] ?? 0) < seq);
  // Asked again until the index has caught up: a refetch that returns the same snapshot
  // keeps the same object (structural sharing), so a one-shot timer keyed on it would stop.
  useEffect(() => {
    if (!waiting) return;
    const t = setInterval(
      // A slow answer is let finish rather than cancelled by the next tick.
      () =>
        void queryClient.invalidateQueries(
          { queryKey: intentDetailQuery(id).queryKey },
          { cancelRefetch: false },
        ),
      150,
    );
    return () => clearInterval(t);
  }, [waiting, id, queryClient]);
  return { waiting };
}
