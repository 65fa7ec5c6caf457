"use client";

import { sessionsQuery } from "@/lib/queries/sessions";
import type { SessionFilters } from "@/lib/queries/session-filters";
import type { StreamSeqs } from "@/lib/contract/list";
import { useRefetchOnStream } from "../live/use-refetch-on-stream";

/**
 * Keeps the list current: a session's counts and state come from aggregates over its whole
 * graph, which a single delta cannot patch, so graph deltas after the list's seq refetch it.
 */
export function useLiveSessions(filters: SessionFilters, seq: StreamSeqs | undefined): void {
  useRefetchOnStream({
    subject: "smith.events.graph.>",
    seq,
    queryKey: sessionsQuery(filters).queryKey,
  });
  // Planner workflows are sessions too (drawn from agentd's planner events).
  useRefetchOnStream({
    subject: "smith.planner_exec.>",
    seq,
    queryKey: sessionsQuery(filters).queryKey,
  });
}
