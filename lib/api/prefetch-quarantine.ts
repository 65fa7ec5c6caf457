import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { handleQuarantine } from "./quarantine";
import { getStore } from "@/lib/store/server-store";
import { quarantineQuery, quarantineSearch, type QuarantineFilters } from "@/lib/queries/quarantine";
import { quarantineListSchema } from "@/lib/contract/quarantine";

export function prefetchQuarantine(queryClient: QueryClient, f: QuarantineFilters, withRaw: boolean): Promise<void> {
  return queryClient.prefetchInfiniteQuery({
    ...quarantineQuery(f),
    queryFn: async () => {
      const res = handleQuarantine(getStore(), new URL(`http://pilot.internal/api/quarantine?${quarantineSearch(f)}`), { withRaw });
      return quarantineListSchema.parse(await res.json());
    },
  });
}
