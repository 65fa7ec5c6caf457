"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { mergeAuditHead } from "@/lib/live/audit-head-merge";
import { FrameBatcher } from "@/lib/live/frame-batcher";
import { liveTargetsFor } from "@/lib/live/live-targets";
import { followLive } from "@/lib/live/follow-live";
import type { Follower, LiveMessage } from "@/lib/live/stream-follower";
import {
  AUDIT_PAGE_SIZE,
  auditListPath,
  auditQueryKey,
  fetchAudit,
  type AuditPages,
} from "@/lib/queries/audit";
import type { AuditFilters } from "@/lib/queries/audit-filters";
import { auditListSchema } from "@/lib/contract/audit";
import { useLiveConnection, useLiveStatus } from "../live/live-provider";

/** Every audit channel (execution, policy, security), in whichever streams hold it. */
export const AUDIT_SUBJECT = "smith.audit.>";

/** A burst of events becomes one head fetch at most this often. */
const REFRESH_MS = 1000;
/** Head fetches that may wait for the index to catch up with one live message. */
const CATCH_UP_TRIES = 15;

export interface LiveAuditState {
  lagMs: number | null;
  problem: string | null;
  /** Events added on top since the snapshot (for "N new"). */
  added: number;
}

/**
 * Keeps the audit list live. From the snapshot's AUDIT_SECURITY sequence on, an ordered
 * consumer follows every audit subject; whether an event matches the query (free text
 * included) is the index's to judge, so a burst of events fetches the head of the list
 * once and merges it into the first page (counts, facets and seqs with it), and the
 * histogram and groups are refreshed. A head that does not reach the loaded rows (a gap)
 * reloads the list.
 */
export function useLiveAudit(
  filters: AuditFilters,
  enabled: boolean,
  snapshot: AuditPages | undefined,
  generation: number,
): LiveAuditState {
  const live = useLiveConnection();
  const { status } = useLiveStatus();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveAuditState>({ lagMs: null, problem: null, added: 0 });
  const snapshotRef = useRef(snapshot);
  useEffect(() => {
    snapshotRef.current = snapshot;
  }, [snapshot]);
  const filtersKey = JSON.stringify(filters);
  const hasSnapshot = snapshot !== undefined;

  useEffect(() => {
    const nc = status === "connected" && enabled ? live.connection() : null;
    const base = snapshotRef.current?.pages[0]?.seq;
    if (!nc || !base) return;
    const key = auditQueryKey(filters);
    setState((s) => ({ ...s, added: 0, problem: null }));
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastRun = 0;
    // Per stream, the newest sequence seen live: the index may not hold it yet when the browser does.
    const wantSeq: Record<string, number> = {};
    let tries = 0;
    let controller: AbortController | null = null;
    let inFlight = false;

    const refresh = async () => {
      timer = undefined;
      lastRun = Date.now();
      // A fetch in flight (the list's own, or the last head) writes back what it started from: come back after it.
      if (inFlight || queryClient.isFetching({ queryKey: key }) > 0) return schedule();
      inFlight = true;
      controller = new AbortController();
      try {
        const fresh = await fetchAudit(
          auditListPath(filters, Date.now(), null, AUDIT_PAGE_SIZE),
          auditListSchema,
          controller.signal,
        );
        if (cancelled) return;
        // Ingest commits in batches: until the answer covers what came live, ask again.
        const behind = Object.entries(wantSeq).some(
          ([stream, seq]) => (fresh.seq[stream] ?? 0) < seq,
        );
        if (behind && ++tries < CATCH_UP_TRIES) schedule();
        let added = 0;
        let gap = false;
        queryClient.setQueryData<AuditPages>(key, (data) => {
          const first = data?.pages[0];
          if (!data || !first) return data;
          const m = mergeAuditHead(first, fresh);
          if (m.kind === "gap") {
            gap = true;
            return data;
          }
          added = m.added;
          return { ...data, pages: [m.first, ...data.pages.slice(1)] };
        });
        if (gap) void queryClient.resetQueries({ queryKey: key });
        else
          setState((s) =>
            added === 0 && s.problem === null ? s : { ...s, problem: null, added: s.added + added },
          );
        void queryClient.invalidateQueries({ queryKey: ["audit", "histogram"] });
        void queryClient.invalidateQueries({ queryKey: ["audit", "groups"] });
      } catch (err) {
        if (!cancelled)
          setState((s) => ({
            ...s,
            problem: `Live refresh failed: ${err instanceof Error ? err.message : String(err)}`,
          }));
      } finally {
        inFlight = false;
      }
    };
    const schedule = () => {
      timer ??= setTimeout(() => void refresh(), Math.max(REFRESH_MS - (Date.now() - lastRun), 50));
    };
    const batcher = new FrameBatcher<LiveMessage>((messages) => {
      if (cancelled) return;
      const last = messages[messages.length - 1];
      for (const m of messages) wantSeq[m.stream] = Math.max(wantSeq[m.stream] ?? 0, m.seq);
      if (last) {
        tries = 0;
        setState((s) => ({ ...s, lagMs: Date.now() - last.storedAtMs }));
      }
      schedule();
    });

    const followers: Follower[] = [];
    for (const target of liveTargetsFor(live.sources(), [AUDIT_SUBJECT], live.readable()))
      followLive(
        live,
        nc,
        { ...target, afterSeq: base[target.stream] ?? 0 },
        {
          onMessage: (m) => batcher.push(m),
          onCannotResume: (reason) => {
            setState((s) => ({
              ...s,
              problem: `Could not resume live updates: ${reason}. Reloading the list.`,
            }));
            void queryClient.resetQueries({ queryKey: key });
          },
        },
      ).then(
        (f) => (cancelled ? void f.stop() : followers.push(f)),
        (err: unknown) =>
          setState((s) => ({ ...s, problem: `Live updates unavailable: ${String(err)}` })),
      );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      controller?.abort();
      for (const f of followers) void f.stop();
    };
    // `filters` is captured by value through filtersKey; a new snapshot (generation) restarts from its seq.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status, live, enabled, generation, filtersKey, hasSnapshot, queryClient]);

  return state;
}
