import { infiniteQueryOptions, type InfiniteData } from "@tanstack/react-query";
import type { z } from "zod";
import { auditFilterSearch, type AuditFilters } from "./audit-filters";
import { auditListSchema, type AuditList } from "@/lib/contract/audit";
import { apiErrorSchema } from "@/lib/contract/list";

/** Rows a page of the audit list holds (the API allows 500). */
export const AUDIT_PAGE_SIZE = 200;

/** An answer the API refused, with the parameter it named (`q`: the parser's message). */
export class AuditApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly param: string | null,
  ) {
    super(message);
  }
}

/** Fetches an audit route and parses its answer; a 4xx keeps the API's own message. */
export async function fetchAudit<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
  const res = await fetch(path, { cache: "no-store", headers: { accept: "application/json" }, signal });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = apiErrorSchema.safeParse(body);
    throw new AuditApiError(err.success ? err.data.error : `${res.status} ${res.statusText}`, res.status, err.success ? (err.data.param ?? null) : null);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${path}: unexpected answer (${parsed.error.issues[0]?.message ?? "invalid"})`);
  return parsed.data;
}

export type AuditPages = InfiniteData<AuditList>;

export function auditQueryKey(filters: AuditFilters) {
  return ["audit", "events", filters] as const;
}

export function auditListPath(filters: AuditFilters, now: number, cursor: string | null, limit = AUDIT_PAGE_SIZE): string {
  return `/api/audit?${auditFilterSearch(filters, now, { cursor, limit: String(limit) })}`;
}

/** Pages of `/api/audit`, newest first; the live layer merges new events into the first page. */
export function auditQuery(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: auditQueryKey(filters),
    queryFn: ({ pageParam, signal }): Promise<AuditList> => fetchAudit(auditListPath(filters, Date.now(), pageParam), auditListSchema, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The live layer keeps it fresh; a refetch would replace what it merged.
    staleTime: Infinity,
    structuralSharing: false,
    // A refused query is the person's to fix, not the network's to retry.
    retry: (n, err) => !(err instanceof AuditApiError) && n < 1,
  });
}
