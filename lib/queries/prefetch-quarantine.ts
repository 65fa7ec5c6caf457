import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { handleQuarantine } from "../store/api/quarantine";
import { getStore } from "../store/server-store";
import { quarantineQuery, quarantineSearch, type QuarantineFilters } from "./quarantine";
import { quarantineListSchema } from "./quarantine-schema";

export function prefetchQuarantine(queryClient: QueryClient, f: QuarantineFilters, withRaw: boolean): Promise<void> {
  return queryClient.prefetchInfiniteQuery({
    ...quarantineQuery(f),
    queryFn: async () => {
      const res = handleQuarantine(getStore(), new URL(`http://pilot.internal/api/quarantine?${quarantineSearch(f)}`), { withRaw });
      return quarantineListSchema.parse(await res.json());
    },
  });
}
