import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchAudit } from "./audit";
import { auditFilterSearch, type AuditFilters } from "./audit-filters";
import { auditGroupsSchema, auditHistogramSchema, type AuditGroups } from "@/lib/contract/audit";

export const HISTOGRAM_BUCKETS = 60;
export const GROUPS_PAGE_SIZE = 200;

/** Every audit answer's key starts here: the live layer refreshes them together. */
export const AUDIT_KEY_ROOT = ["audit"] as const;

export function auditHistogramQuery(filters: AuditFilters) {
  return queryOptions({
    queryKey: ["audit", "histogram", filters] as const,
    queryFn: ({ signal }) =>
      fetchAudit(`/api/audit/histogram?${auditFilterSearch(filters, Date.now(), { buckets: String(HISTOGRAM_BUCKETS) })}`, auditHistogramSchema, signal),
    // Kept while a new range loads, so the chart does not blink away under a drag.
    placeholderData: (previous) => previous,
    staleTime: Infinity,
    retry: false,
  });
}

/** One row per intent with matching events, newest first, cursor-paged. */
export function auditGroupsQuery(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: ["audit", "groups", filters] as const,
    queryFn: ({ pageParam, signal }): Promise<AuditGroups> =>
      fetchAudit(`/api/audit/groups?${auditFilterSearch(filters, Date.now(), { cursor: pageParam, limit: String(GROUPS_PAGE_SIZE) })}`, auditGroupsSchema, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
    retry: false,
  });
}
