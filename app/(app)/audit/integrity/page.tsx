import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { IntegrityView } from "@/components/audit/integrity/integrity-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";
import { integrityParsers } from "@/lib/queries/integrity";
import { prefetchIntegrity } from "@/lib/api/prefetch-integrity";
import { makeQueryClient } from "@/lib/queries/query-client";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit integrity" };

const loadParams = createLoader(integrityParsers);

export default async function AuditIntegrityPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("auditor", "/audit/integrity");
  const p = await loadParams(searchParams);
  const queryClient = makeQueryClient();
  await prefetchIntegrity(queryClient, { range: p.range, from: p.from, to: p.to }, p.show);
  return (
    <>
      <PageHeader
        title="Audit integrity"
        description="For the intents created in a range: whether their signatures verify, whether the runner ran the capability the intent named (digest), whether they ran after their TTL, and whether every result has an audit trail. Each number opens the intents behind it."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <IntegrityView />
      </HydrationBoundary>
    </>
  );
}
