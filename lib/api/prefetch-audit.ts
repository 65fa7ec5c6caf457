import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { parseAuditQuery } from "@/lib/audit-search/parse";
import { handleAuditSearch } from "./audit";
import { getStore } from "@/lib/store/server-store";
import { auditListPath, auditQuery } from "@/lib/queries/audit";
import type { AuditFilters } from "@/lib/queries/audit-filters";
import { auditListSchema } from "@/lib/contract/audit";

/**
 * Server prefetch of the first page under the client's key, through the API's own
 * handler. A query the parser refuses is not prefetched: the page shows the message.
 */
export async function prefetchAudit(queryClient: QueryClient, filters: AuditFilters): Promise<void> {
  if (filters.q && !parseAuditQuery(filters.q).ok) return;
  await queryClient.prefetchInfiniteQuery({
    ...auditQuery(filters),
    queryFn: async () => {
      const res = handleAuditSearch(getStore, new URL(`http://pilot.internal${auditListPath(filters, Date.now(), null)}`));
      // A refusal (e.g. a query with no word to search for) is left to the client to show.
      if (!res.ok) throw new Error(`audit prefetch: ${res.status}`);
      return auditListSchema.parse(await res.json());
    },
  });
}
