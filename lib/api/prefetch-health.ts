import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { readHealth } from "./health";
import { healthQuery } from "@/lib/queries/health";

/** Server prefetch under the client's query key, reading JetStream directly (no HTTP hop). */
export function prefetchHealth(queryClient: QueryClient): Promise<void> {
  return queryClient.prefetchQuery({ ...healthQuery, queryFn: readHealth });
}
