import { infiniteQueryOptions } from "@tanstack/react-query";
import { parseAsString } from "nuqs/server";
import { fetchJson } from "./fetch-json";
import { quarantineListSchema } from "@/lib/contract/quarantine";

export const quarantineFilterParsers = { reason: parseAsString, stream: parseAsString };
export interface QuarantineFilters {
  reason: string | null;
  stream: string | null;
}

export function quarantineSearch(f: QuarantineFilters, cursor?: string | null): URLSearchParams {
  const s = new URLSearchParams({ limit: "100" });
  if (f.reason) s.set("reason", f.reason);
  if (f.stream) s.set("stream", f.stream);
  if (cursor) s.set("cursor", cursor);
  return s;
}

/**
 * Pilot's own quarantine table, written by ingest: there is no stream to follow, so the
 * view polls it.
 */
export function quarantineQuery(f: QuarantineFilters) {
  return infiniteQueryOptions({
    queryKey: ["quarantine", f] as const,
    queryFn: ({ pageParam }) => fetchJson(`/api/quarantine?${quarantineSearch(f, pageParam)}`, quarantineListSchema),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 2000,
  });
}
