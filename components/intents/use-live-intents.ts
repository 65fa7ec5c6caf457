"use client";

import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { decodeIntentBatch } from "@/lib/live/decode-intent-batch";
import { FrameBatcher } from "@/lib/live/frame-batcher";
import { applyIntentChanges, needsRefetch, type IntentChanges } from "@/lib/live/intent-patches";
import { followStream, type Follower, type LiveMessage } from "@/lib/live/stream-follower";
import type { IntentFilters } from "@/lib/queries/intent-filters";
import { intentsQueryKey } from "@/lib/queries/intents";
import type { IntentList } from "@/lib/queries/intents-schema";
import { useLiveConnection, useLiveStatus } from "../live/live-provider";

/** The streams and subject filters the Intents view follows (one filter per consumer). */
export const INTENT_SOURCES = [
  { stream: "ATOMS_VETTED", filterSubject: "smith.intents.vetted.>" },
  { stream: "ATOMS_RESULTS", filterSubject: "smith.results.>" },
  { stream: "AUDIT_SECURITY", filterSubject: "smith.audit.policy.>" },
] as const;

export interface LiveTailState {
  /** Stream time of the newest applied message to the moment it was applied. */
  lagMs: number | null;
  /** Why live updates stopped, when they did. */
  problem: string | null;
  /** Intents added by live updates since the snapshot (for "N new"). */
  added: number;
}

type Data = InfiniteData<IntentList, unknown>;

/**
 * Keeps the Intents query live: from the snapshot's sequences on, ordered consumers
 * feed one frame batcher, and each frame patches the cache once. On a reconnect the
 * followers restart after the last sequence applied; nothing is applied twice.
 */
export function useLiveIntents(filters: IntentFilters, snapshot: Data | undefined, generation: number): LiveTailState {
  const live = useLiveConnection();
  const { status } = useLiveStatus();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveTailState>({ lagMs: null, problem: null, added: 0 });
  const applied = useRef<{ generation: number; seq: Record<string, number> }>({ generation: -1, seq: {} });
  const orphans = useRef<IntentChanges>({ added: [], results: new Map(), policies: new Map() });
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
      orphans.current = { added: [], results: new Map(), policies: new Map() };
      setState((s) => ({ ...s, added: 0, problem: null }));
    }
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const batcher = new FrameBatcher<LiveMessage>((messages) => {
      const changes = decodeIntentBatch(messages, live.trustedSigners());
      for (const m of messages) applied.current.seq[m.stream] = Math.max(applied.current.seq[m.stream] ?? 0, m.seq);
      const last = messages[messages.length - 1];
      if (needsRefetch(filters)) {
        refetchTimer ??= setTimeout(() => void queryClient.invalidateQueries({ queryKey: key }), 1000);
        setState((s) => ({ ...s, lagMs: last ? Date.now() - last.storedAtMs : s.lagMs }));
        return;
      }
      // A result or decision may come before its intent: keep it until the intent does.
      for (const [id, r] of orphans.current.results) if (!changes.results.has(id)) changes.results.set(id, r);
      for (const [id, p] of orphans.current.policies) if (!changes.policies.has(id)) changes.policies.set(id, p);
      let added = 0;
      queryClient.setQueryData<Data>(key, (data) => {
        if (!data) return data;
        const next = applyIntentChanges(data, changes, filters, applied.current.seq);
        added = (next.pages[0]?.items.length ?? 0) - (data.pages[0]?.items.length ?? 0);
        const present = new Set(next.pages.flatMap((p) => p.items.map((i) => i.id)));
        orphans.current = {
          added: [],
          results: new Map([...changes.results].filter(([id]) => !present.has(id)).slice(-5000)),
          policies: new Map([...changes.policies].filter(([id]) => !present.has(id)).slice(-5000)),
        };
        return next;
      });
      setState((s) => ({ ...s, added: s.added + added, lagMs: last ? Date.now() - last.storedAtMs : s.lagMs }));
    });

    let cancelled = false;
    const followers: Follower[] = [];
    for (const source of INTENT_SOURCES) {
      followStream(
        nc,
        { ...source, afterSeq: applied.current.seq[source.stream] ?? 0 },
        {
          onMessage: (m) => batcher.push(m),
          onCannotResume: (reason) => {
            setState((s) => ({ ...s, problem: `Could not resume live updates: ${reason}. Reloading the list.` }));
            void queryClient.resetQueries({ queryKey: key });
          },
          onError: (err) => setState((s) => ({ ...s, problem: `Live updates stopped: ${err.message}` })),
        },
      ).then(
        (f) => (cancelled ? void f.stop() : followers.push(f)),
        (err: unknown) => setState((s) => ({ ...s, problem: `Live updates unavailable: ${String(err)}` })),
      );
    }
    return () => {
      cancelled = true;
      clearTimeout(refetchTimer);
      batcher.flush();
      for (const f of followers) void f.stop();
    };
    // `filters` is captured by value through filtersKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status, live, generation, filtersKey, queryClient]);

  return state;
}
