import { infiniteQueryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { intentFilterSearch, type IntentFilters } from "./intent-filters";
import { intentListSchema, type IntentListPage } from "@/lib/contract/intents";

export function intentsQueryKey(filters: IntentFilters) {
  return ["intents", filters] as const;
}

/** Pages of `/api/intents`, newest first; live messages patch the first page. */
export function intentsQuery(filters: IntentFilters) {
  return infiniteQueryOptions({
    queryKey: intentsQueryKey(filters),
    // Pages as the list keeps them: live rows join them with their signature unchecked.
    queryFn: ({ pageParam }): Promise<IntentListPage> =>
      fetchJson(`/api/intents?${intentFilterSearch(filters, Date.now(), pageParam)}`, intentListSchema),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The live layer keeps it fresh; a refetch would replace what it applied.
    staleTime: Infinity,
    // Live patches touch a few rows of a list that may hold 100k: comparing the whole old
    // and new list on every patch (structural sharing) would cost more than the patch.
    structuralSharing: false,
  });
}
