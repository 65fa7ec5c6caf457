import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { healthSchema } from "./health-schema";

/** Stream counts change with every message; the Health view polls them. */
export const HEALTH_REFETCH_MS = 2000;

export const healthQuery = queryOptions({
  queryKey: ["health"] as const,
  queryFn: () => fetchJson("/api/health", healthSchema),
  refetchInterval: HEALTH_REFETCH_MS,
});
