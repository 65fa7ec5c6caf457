import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { warmServerLayout } from "@/lib/graph/server-layout";
import { layoutSessionGraph } from "@/lib/graph/session-layout";
import { handleSessionList, handleSessionTimeline, sessionGraphData } from "./sessions";
import { getStore } from "@/lib/store/server-store";
import { sessionFilterSearch, type SessionFilters } from "@/lib/queries/session-filters";
import { sessionGraphQuery, sessionLayoutQuery, sessionsQuery, sessionTimelineQuery } from "@/lib/queries/sessions";
import { sessionListSchema, sessionTimelineSchema, type SessionGraph } from "@/lib/contract/sessions";

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
 * A graph with more nodes than this is left out of the page's HTML (the browser fetches
 * it as JSON): inlined, a 10,000-node graph (~5 MB) cost the browser two tasks of over
 * 200 ms, parsing the HTML and evaluating it as React's stream, against one JSON.parse.
 */
export const INLINE_GRAPH_NODES = 4000;

/**
 * The graph (latest, or as of `seq`), its layout as the page opens it, and the session's
 * timeline; what the route answers with an error is left out (the browser asks, and shows
 * it). The graph is read now, before the page dehydrates its queries; the layout and the
 * timeline stream in behind the page. No retry: these are calls in this process, and a
 * retry would only hold the page's stream open for its delay.
 */
export async function prefetchSessionGraph(queryClient: QueryClient, id: string, seq: number | null): Promise<void> {
  let graph: SessionGraph | null;
  try {
    graph = sessionGraphData(getStore(), id, seq);
  } catch {
    graph = null;
  }
  if (!graph) return;
  if (graph.nodes.length <= INLINE_GRAPH_NODES) queryClient.setQueryData(sessionGraphQuery(id, seq).queryKey, graph);
  const opened = graph;
  await Promise.all([
    queryClient.prefetchQuery({
      ...sessionLayoutQuery(id, seq),
      queryFn: async () => {
        const out = await layoutSessionGraph(opened);
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
