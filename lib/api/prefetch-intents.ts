import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { handleIntentList } from "./intents";
import { getStore } from "@/lib/store/server-store";
import { intentFilterSearch, type IntentFilters } from "@/lib/queries/intent-filters";
import { intentsQuery } from "@/lib/queries/intents";
import { intentListSchema } from "@/lib/contract/intents";

/**
 * Server prefetch under the client's key, through the same handler the API route uses
 * (same parameter checks, same answer), without an HTTP hop.
 */
export function prefetchIntents(queryClient: QueryClient, filters: IntentFilters): Promise<void> {
  return queryClient.prefetchInfiniteQuery({
    ...intentsQuery(filters),
    queryFn: async () => {
      const url = new URL(`http://pilot.internal/api/intents?${intentFilterSearch(filters, Date.now())}`);
      const res = handleIntentList(getStore(), url);
      return intentListSchema.parse(await res.json());
    },
  });
}
