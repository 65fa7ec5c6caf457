import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { AuditIntegrityLink } from "@/components/audit/audit-integrity-link";
import { AuditView } from "@/components/audit/audit-view";
import { PageHeader } from "@/components/ui/page-header";
import { auditFilterParsers, auditFiltersOf } from "@/lib/queries/audit-filters";
import { prefetchAudit } from "@/lib/api/prefetch-audit";
import { makeQueryClient } from "@/lib/queries/query-client";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit" };

const loadFilters = createLoader(auditFilterParsers);

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("auditor", "/audit");
  const state = await loadFilters(searchParams);
  const queryClient = makeQueryClient();
  await prefetchAudit(queryClient, auditFiltersOf(state));
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every audit event and policy decision, newest first and live: search it, count it, narrow it, export it."
      >
        <AuditIntegrityLink />
      </PageHeader>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <AuditView />
      </HydrationBoundary>
    </>
  );
}
