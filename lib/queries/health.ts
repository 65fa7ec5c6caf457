import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";
import { healthSchema } from "@/lib/contract/health";
import { policyChangesSchema } from "@/lib/contract/policies";

/** Stream counts change with every message; the Health view polls them. */
export const HEALTH_REFETCH_MS = 2000;

export const healthQuery = queryOptions({
  queryKey: ["health"] as const,
  queryFn: () => fetchJson("/api/health", healthSchema),
  refetchInterval: HEALTH_REFETCH_MS,
});

/** `smith.policies.updates` as a change log; polled with the rest of Health. */
export const policyChangesQuery = queryOptions({
  queryKey: ["policy-changes"] as const,
  queryFn: () => fetchJson("/api/policies?limit=200", policyChangesSchema),
  refetchInterval: HEALTH_REFETCH_MS,
});
