import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { handleSessionGraph, handleSessionList, handleSessionTimeline } from "../store/api/sessions";
import { getStore } from "../store/server-store";
import { sessionFilterSearch, type SessionFilters } from "./session-filters";
import { sessionGraphQuery, sessionsQuery, sessionTimelineQuery } from "./sessions";
import { sessionGraphSchema, sessionListSchema, sessionTimelineSchema } from "./sessions-schema";

/** Server prefetches through the API routes' own handlers (same checks, same answers). */
export function prefetchSessions(queryClient: QueryClient, filters: SessionFilters): Promise<void> {
  return queryClient.prefetchInfiniteQuery({
    ...sessionsQuery(filters),
    queryFn: async () => {
      const res = handleSessionList(getStore(), new URL(`http://pilot.internal/api/sessions?${sessionFilterSearch(filters)}`));
      if (!res.ok) throw new Error(`${res.status}`);
      return sessionListSchema.parse(await res.json());
    },
  });
}

/** The graph (latest, or as of `seq`) and the session's timeline; a 404 leaves them out. */
export async function prefetchSessionGraph(queryClient: QueryClient, id: string, seq: number | null): Promise<void> {
  await Promise.all([
    queryClient.prefetchQuery({
      ...sessionGraphQuery(id, seq),
      queryFn: async () => {
        const url = new URL(`http://pilot.internal/api/sessions/x/graph${seq === null ? "" : `?seq=${seq}`}`);
        const res = handleSessionGraph(getStore(), id, url);
        if (!res.ok) throw new Error(`${res.status}`);
        return sessionGraphSchema.parse(await res.json());
      },
    }),
    queryClient.prefetchQuery({
      ...sessionTimelineQuery(id),
      queryFn: async () => {
        const res = handleSessionTimeline(getStore(), id);
        if (!res.ok) throw new Error(`${res.status}`);
        return sessionTimelineSchema.parse(await res.json());
      },
    }),
  ]);
}
