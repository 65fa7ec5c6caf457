import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { IntentsView } from "@/components/intents/intents-view";
import { PageHeader } from "@/components/ui/page-header";
import { intentFilterParsers } from "@/lib/queries/intent-filters";
import { prefetchIntents } from "@/lib/api/prefetch-intents";
import { makeQueryClient } from "@/lib/queries/query-client";
import { requirePageUser } from "@/lib/auth/server-auth";
import { getConfig } from "@/lib/config";
import { hasRole } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";
export const metadata = { title: "Intents" };

const loadFilters = createLoader(intentFilterParsers);

export default async function IntentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("viewer", "/intents");
  const filters = await loadFilters(searchParams);
  const queryClient = makeQueryClient();
  await prefetchIntents(queryClient, filters);
  return (
    <>
      <PageHeader
        title="Intents"
        description="Every intent the agents signed, what policy said about it, and how it ran — live. j / k move, Enter opens, / searches."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        {/* Exports are the auditor's (lib/auth/roles.ts), as the evidence route enforces. */}
        <IntentsView noResultGraceMs={getConfig().noResultGraceMs} canExport={hasRole(user.role, "auditor")} />
      </HydrationBoundary>
    </>
  );
}
