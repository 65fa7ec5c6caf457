"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { FrameBatcher } from "@/lib/live/frame-batcher";
import { applyLiveBatch, IntentPagesIndex, KEEP_ROWS_AT_TOP, type Applied, type IntentPages } from "@/lib/live/intent-pages";
import { needsRefetch } from "@/lib/live/intent-patches";
import { LiveIntentsPipeline } from "@/lib/live/live-intents-pipeline";
import { accepted, liveTargetsFor } from "@/lib/live/live-targets";
import { followLive } from "@/lib/live/follow-live";
import type { Follower, LiveMessage } from "@/lib/live/stream-follower";
import type { IntentFilters } from "@/lib/queries/intent-filters";
import { intentsQueryKey } from "@/lib/queries/intents";
import type { IntentListRow } from "@/lib/contract/intents";
import { useLiveConnection, useLiveStatus } from "../live/live-provider";

/** The platform subjects the Intents view follows, in whichever streams hold them (live-targets.ts). */
export const INTENT_SUBJECTS = ["smith.intents.>", "smith.results.>", "smith.audit.policy.>"] as const;

export interface LiveTailState {
  /** Stream time of the newest applied message to the moment it was applied. */
  lagMs: number | null;
  /** Why live updates stopped, when they did. */
  problem: string | null;
  /** Intents added by live updates since the snapshot (for "N new"). */
  added: number;
}

/** What the live layer asks of the table. */
export interface LiveViewPort {
  /** How many of the newest rows are on screen as they arrive: 0 unless the view follows the top. */
  visibleTop(): number;
}

/**
 * Keeps the Intents query live: from the snapshot's sequences on, ordered consumers feed
 * one pipeline, and each frame patches the cache once. On a reconnect the followers
 * restart after the last sequence applied; nothing is applied twice. `check` asks for the
 * signature verdicts of rows on screen that arrived live and are not checked yet.
 */
export function useLiveIntents(
  filters: IntentFilters,
  snapshot: IntentPages | undefined,
  generation: number,
  viewPort: RefObject<LiveViewPort>,
): LiveTailState & { check: (rows: readonly IntentListRow[]) => void } {
  const live = useLiveConnection();
  const { status } = useLiveStatus();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveTailState>({ lagMs: null, problem: null, added: 0 });
  const applied = useRef<{ generation: number; seq: Record<string, number> }>({ generation: -1, seq: {} });
  const pipeline = useRef<LiveIntentsPipeline | null>(null);
  const snapshotRef = useRef(snapshot);
  useEffect(() => {
    snapshotRef.current = snapshot;
  }, [snapshot]);
  const filtersKey = JSON.stringify(filters);

  useEffect(() => {
    const nc = status === "connected" ? live.connection() : null;
    const base = snapshotRef.current?.pages[0]?.seq;
    if (!nc || !base) return;
    const key = intentsQueryKey(filters);
    if (applied.current.generation !== generation) {
      applied.current = { generation, seq: { ...base } };
      setState((s) => ({ ...s, added: 0, problem: null }));
    }
    const consumed = (seq: Record<string, number>, lastStoredAtMs: number | null) => {
      for (const [stream, last] of Object.entries(seq)) applied.current.seq[stream] = Math.max(applied.current.seq[stream] ?? 0, last);
      return (s: LiveTailState): LiveTailState => ({ ...s, lagMs: lastStoredAtMs === null ? s.lagMs : Date.now() - lastStoredAtMs });
    };

    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    let sink: (m: LiveMessage) => void;
    let batcher: FrameBatcher<LiveMessage> | null = null;
    if (needsRefetch(filters)) {
      // Status and free text are the server's to judge: such a view refetches instead.
      const refetching = new FrameBatcher<LiveMessage>((messages) => {
        const seq: Record<string, number> = {};
        for (const m of messages) seq[m.stream] = Math.max(seq[m.stream] ?? 0, m.seq);
        refetchTimer ??= setTimeout(() => void queryClient.invalidateQueries({ queryKey: key }), 1000);
        setState(consumed(seq, messages[messages.length - 1]?.storedAtMs ?? null));
      });
      batcher = refetching;
      sink = (m) => refetching.push(m);
    } else {
      const index = new IntentPagesIndex();
      const current = new LiveIntentsPipeline({
        filters,
        trustedSigners: () => live.trustedSigners(),
        visibleTop: () => viewPort.current.visibleTop(),
        // A fetch in flight writes back the pages it started from: patch after it lands.
        canApply: () => queryClient.isFetching({ queryKey: key }) === 0,
        knownIds: () => {
          const data = queryClient.getQueryData<IntentPages>(key);
          if (data) index.sync(data);
          return (id) => index.has(id);
        },
        apply: (changes, from) => {
          const update = consumed(from.seq, from.lastStoredAtMs);
          const out: { applied: Applied | null } = { applied: null };
          queryClient.setQueryData<IntentPages>(key, (data) => {
            if (!data) return data;
            // Following the top, the list keeps the newest rows only; a reader further down keeps all.
            const keep = viewPort.current.visibleTop() > 0 ? KEEP_ROWS_AT_TOP : Number.POSITIVE_INFINITY;
            out.applied = applyLiveBatch(data, { ...changes, seq: { ...applied.current.seq } }, index, keep);
            return out.applied.data;
          });
          const added = out.applied?.added ?? 0;
          setState((s) => ({ ...update(s), added: s.added + added }));
          return out.applied;
        },
      });
      pipeline.current = current;
      sink = (m) => current.push(m);
    }

    let cancelled = false;
    const followers: Follower[] = [];
    for (const source of liveTargetsFor(live.sources(), INTENT_SUBJECTS, live.readable())) {
      followLive(
        live,
        nc,
        { ...source, afterSeq: applied.current.seq[source.stream] ?? 0 },
        {
          onMessage: (m) => {
            if (accepted(source, m.subject)) sink(m);
          },
          onCannotResume: (reason) => {
            setState((s) => ({ ...s, problem: `Could not resume live updates: ${reason}. Reloading the list.` }));
            void queryClient.resetQueries({ queryKey: key });
          },
        },
      ).then(
        (f) => (cancelled ? void f.stop() : followers.push(f)),
        (err: unknown) => setState((s) => ({ ...s, problem: `Live updates unavailable: ${String(err)}` })),
      );
    }
    return () => {
      cancelled = true;
      clearTimeout(refetchTimer);
      batcher?.flush();
      // What it had not applied yet comes again: the next followers start after what was.
      pipeline.current?.stop();
      pipeline.current = null;
      for (const f of followers) void f.stop();
    };
    // `filters` is captured by value through filtersKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status, live, generation, filtersKey, queryClient, viewPort]);

  const check = useCallback((rows: readonly IntentListRow[]) => pipeline.current?.check(rows), []);
  return { ...state, check };
}
