import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { readHealth } from "../nats/health";
import { healthQuery } from "./health";

/** Server prefetch under the client's query key, reading JetStream directly (no HTTP hop). */
export function prefetchHealth(queryClient: QueryClient): Promise<void> {
  return queryClient.prefetchQuery({ ...healthQuery, queryFn: readHealth });
}
