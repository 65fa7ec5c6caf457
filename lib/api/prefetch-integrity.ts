import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { handleIntegrity, handleIntegrityRows } from "./integrity";
import { getStore } from "@/lib/store/server-store";
import { integrityQuery, integrityRangeSearch, integrityRowsQuery, integrityRowsSearch, type IntegrityRange } from "@/lib/queries/integrity";
import { integrityRowsSchema, integritySummarySchema, type IntegrityKind } from "@/lib/contract/integrity";

/** Server prefetch under the client's keys, through the route's own handlers. */
export async function prefetchIntegrity(queryClient: QueryClient, r: IntegrityRange, show: IntegrityKind | null): Promise<void> {
  const now = Date.now();
  await queryClient.prefetchQuery({
    ...integrityQuery(r),
    queryFn: async () => {
      const res = handleIntegrity(getStore(), new URL(`http://pilot.internal/api/audit/integrity?${integrityRangeSearch(r, now)}`));
      return integritySummarySchema.parse(await res.json());
    },
  });
  if (!show) return;
  await queryClient.prefetchInfiniteQuery({
    ...integrityRowsQuery(r, show),
    queryFn: async () => {
      const url = new URL(`http://pilot.internal/api/audit/integrity/rows?${integrityRowsSearch(r, show, now)}`);
      return integrityRowsSchema.parse(await handleIntegrityRows(getStore(), url).json());
    },
  });
}
