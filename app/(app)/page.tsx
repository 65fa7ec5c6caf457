import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { OverviewView } from "@/components/overview/overview-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";
import { prefetchOverview } from "@/lib/api/prefetch-overview";
import { overviewParsers } from "@/lib/queries/overview";
import { makeQueryClient } from "@/lib/queries/query-client";

export const dynamic = "force-dynamic";
export const metadata = { title: "Overview" };

const loadParams = createLoader(overviewParsers);

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("viewer", "/");
  const p = await loadParams(searchParams);
  const queryClient = makeQueryClient();
  await prefetchOverview(queryClient, p.window, user.role);
  return (
    <>
      <PageHeader
        title="Overview"
        description="What needs attention now: integrity alarms, denials against their baseline, failed and long-running sessions, scorecard regressions, ingest and capture. Each figure opens the rows it counts."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <OverviewView />
      </HydrationBoundary>
    </>
  );
}
