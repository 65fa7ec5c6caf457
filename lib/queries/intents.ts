import { infiniteQueryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { intentFilterSearch, type IntentFilters } from "./intent-filters";
import { intentListSchema } from "./intents-schema";

export function intentsQueryKey(filters: IntentFilters) {
  return ["intents", filters] as const;
}

/** Pages of `/api/intents`, newest first; live messages patch the first page. */
export function intentsQuery(filters: IntentFilters) {
  return infiniteQueryOptions({
    queryKey: intentsQueryKey(filters),
    queryFn: ({ pageParam }) =>
      fetchJson(`/api/intents?${intentFilterSearch(filters, Date.now(), pageParam)}`, intentListSchema),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The live layer keeps it fresh; a refetch would replace what it applied.
    staleTime: Infinity,
  });
}
