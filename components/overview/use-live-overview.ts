"use client";

import type { QueryKey } from "@tanstack/react-query";
import type { StreamSeqs } from "@/lib/contract/list";
import { useRefetchOnStream } from "../live/use-refetch-on-stream";

/**
 * The figures are aggregates (counts over windows, Wilson intervals), which a message cannot
 * patch: messages on the subjects they count, after the answer's seqs, refetch them (at
 * most once a second, see useRefetchOnStream). Each follower is narrowed to what the
 * reader's role may read, so a viewer's tab never follows the audit trail.
 */
export function useLiveOverview(seq: StreamSeqs | undefined, queryKey: QueryKey): void {
  useRefetchOnStream({ subject: "smith.intents.>", seq, queryKey });
  useRefetchOnStream({ subject: "smith.results.>", seq, queryKey });
  useRefetchOnStream({ subject: "smith.audit.>", seq, queryKey });
  useRefetchOnStream({ subject: "smith.events.graph.>", seq, queryKey });
  useRefetchOnStream({ subject: "smith.planner_exec.>", seq, queryKey });
  useRefetchOnStream({ subject: "newt.replies.>", seq, queryKey });
}
