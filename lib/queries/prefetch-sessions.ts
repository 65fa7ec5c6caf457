import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { warmServerLayout } from "../graph/server-layout";
import { layoutSessionGraph } from "../graph/session-layout";
import { handleSessionGraph, handleSessionList, handleSessionTimeline } from "../store/api/sessions";
import { getStore } from "../store/server-store";
import { sessionFilterSearch, type SessionFilters } from "./session-filters";
import { sessionGraphQuery, sessionLayoutQuery, sessionsQuery, sessionTimelineQuery } from "./sessions";
import { sessionGraphSchema, sessionListSchema, sessionTimelineSchema } from "./sessions-schema";

/** Server prefetches through the API routes' own handlers (same checks, same answers). */
export function prefetchSessions(queryClient: QueryClient, filters: SessionFilters): Promise<void> {
  warmServerLayout();
  return queryClient.prefetchInfiniteQuery({
    ...sessionsQuery(filters),
    queryFn: async () => {
      const res = handleSessionList(getStore(), new URL(`http://pilot.internal/api/sessions?${sessionFilterSearch(filters)}`));
      if (!res.ok) throw new Error(`${res.status}`);
      return sessionListSchema.parse(await res.json());
    },
  });
}

/**
 * The graph (latest, or as of `seq`), its layout as the page opens it, and the session's
 * timeline; a 404 leaves them out. No retry: these are calls in this process, and a retry
 * would only hold the page's stream open for its delay.
 */
export async function prefetchSessionGraph(queryClient: QueryClient, id: string, seq: number | null): Promise<void> {
  const graph = queryClient.fetchQuery({
    ...sessionGraphQuery(id, seq),
    retry: false,
    queryFn: async () => {
      const url = new URL(`http://pilot.internal/api/sessions/x/graph${seq === null ? "" : `?seq=${seq}`}`);
      const res = handleSessionGraph(getStore(), id, url);
      if (!res.ok) throw new Error(`${res.status}`);
      return sessionGraphSchema.parse(await res.json());
    },
  });
  await Promise.all([
    graph.catch(() => undefined),
    queryClient.prefetchQuery({
      ...sessionLayoutQuery(id, seq),
      queryFn: async () => {
        const out = await layoutSessionGraph(await graph);
        if (!out.ok) throw new Error(out.error);
        return out.layout;
      },
    }),
    queryClient.prefetchQuery({
      ...sessionTimelineQuery(id),
      retry: false,
      queryFn: async () => {
        const res = handleSessionTimeline(getStore(), id);
        if (!res.ok) throw new Error(`${res.status}`);
        return sessionTimelineSchema.parse(await res.json());
      },
    }),
  ]);
}
