import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { SessionsView } from "@/components/sessions/sessions-view";
import { PageHeader } from "@/components/ui/page-header";
import { makeQueryClient } from "@/lib/queries/query-client";
import { prefetchSessions } from "@/lib/api/prefetch-sessions";
import { sessionFilterParsers } from "@/lib/queries/session-filters";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sessions" };

const loadFilters = createLoader(sessionFilterParsers);

export default async function SessionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("viewer", "/sessions");
  const filters = await loadFilters(searchParams);
  const queryClient = makeQueryClient();
  await prefetchSessions(queryClient, filters);
  return (
    <>
      <PageHeader title="Sessions" description="Agent sessions and their execution DAGs, live and back in time." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SessionsView />
      </HydrationBoundary>
    </>
  );
}
