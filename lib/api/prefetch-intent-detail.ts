import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { handleIntentDetail } from "./intents";
import { getStore } from "@/lib/store/server-store";
import { intentDetailQuery } from "@/lib/queries/intent-detail";
import { intentDetailSchema } from "@/lib/contract/intents";

/** Server prefetch through the API route's own handler; a 404 leaves the cache empty. */
export function prefetchIntentDetail(queryClient: QueryClient, id: string, withAudit: boolean): Promise<void> {
  return queryClient.prefetchQuery({
    ...intentDetailQuery(id),
    queryFn: async () => {
      const res = handleIntentDetail(getStore(), id, { withAudit });
      if (!res.ok) throw new Error(`${res.status}`);
      return intentDetailSchema.parse(await res.json());
    },
  });
}
