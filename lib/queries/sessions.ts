import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { sessionFilterSearch, type SessionFilters } from "./session-filters";
import {
  nodeHistorySchema,
  sessionGraphSchema,
  sessionLayoutSchema,
  sessionListSchema,
  sessionTimelineSchema,
} from "@/lib/contract/sessions";

const enc = encodeURIComponent;

export function sessionsQuery(filters: SessionFilters) {
  return infiniteQueryOptions({
    queryKey: ["sessions", filters] as const,
    queryFn: ({ pageParam }) => fetchJson(`/api/sessions?${sessionFilterSearch(filters, pageParam)}`, sessionListSchema),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** A session's graph: the latest (`seq` null, patched live) or as of a stream seq. */
export function sessionGraphQuery(id: string, seq: number | null) {
  return queryOptions({
    queryKey: ["session-graph", id, seq] as const,
    queryFn: () => fetchJson(`/api/sessions/${enc(id)}/graph${seq === null ? "" : `?seq=${seq}`}`, sessionGraphSchema),
    // The latest graph is kept fresh by live deltas; a past one never changes.
    staleTime: Infinity,
    // A delta keeps every item it does not change (applyGraphChanges): comparing the whole
    // graph deeply on each one would only cost a walk over thousands of nodes.
    structuralSharing: false,
  });
}

/** The server's layout of the graph as of `seq` (latest when null), for the first paint. */
export function sessionLayoutQuery(id: string, seq: number | null) {
  return queryOptions({
    queryKey: ["session-layout", id, seq] as const,
    queryFn: () => fetchJson(`/api/sessions/${enc(id)}/layout${seq === null ? "" : `?seq=${seq}`}`, sessionLayoutSchema),
    // Used once, for the first layout; the browser lays out every change after it.
    staleTime: Infinity,
    gcTime: 15_000,
    retry: false,
  });
}

export function sessionTimelineQuery(id: string) {
  return queryOptions({
    queryKey: ["session-timeline", id] as const,
    queryFn: () => fetchJson(`/api/sessions/${enc(id)}/timeline`, sessionTimelineSchema),
  });
}

export function nodeHistoryQuery(id: string, nodeId: string) {
  return queryOptions({
    queryKey: ["session-node", id, nodeId] as const,
    queryFn: () => fetchJson(`/api/sessions/${enc(id)}/nodes/${enc(nodeId)}`, nodeHistorySchema),
  });
}
