import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { QuarantineView } from "@/components/quarantine/quarantine-view";
import { PageHeader } from "@/components/ui/page-header";
import { prefetchQuarantine } from "@/lib/api/prefetch-quarantine";
import { quarantineFilterParsers } from "@/lib/queries/quarantine";
import { makeQueryClient } from "@/lib/queries/query-client";
import { requirePageUser } from "@/lib/auth/server-auth";
import { hasRole } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";
export const metadata = { title: "Quarantine" };

const loadFilters = createLoader(quarantineFilterParsers);

export default async function QuarantinePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("viewer", "/quarantine");
  const filters = await loadFilters(searchParams);
  const queryClient = makeQueryClient();
  await prefetchQuarantine(queryClient, filters, hasRole(user.role, "auditor"));
  return (
    <>
      <PageHeader
        title="Quarantine"
        description="Every message that broke its protocol, with the reason and the raw payload (shown as escaped text). Ingest keeps them here and moves on; nothing is dropped."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <QuarantineView />
      </HydrationBoundary>
    </>
  );
}
