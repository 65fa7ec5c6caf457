"use client";

import type { QueryKey } from "@tanstack/react-query";
import type { StreamSeqs } from "@/lib/contract/list";
import { useRefetchOnStream } from "../live/use-refetch-on-stream";

/** A pilot id usable as one subject token. */
const TOKEN = /^[^.*>\s]+$/;

/** Scorecards refetch (at most once a second) when replies in their scope arrive. */
export function useLiveReplies(queryKey: QueryKey, seq: StreamSeqs | undefined, pilot: string | null): void {
  useRefetchOnStream({
    subject: pilot && TOKEN.test(pilot) ? `newt.replies.${pilot}.>` : "newt.replies.>",
    seq,
    queryKey,
  });
}
