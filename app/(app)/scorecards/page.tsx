import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { ScorecardTabs } from "@/components/scorecards/scorecard-tabs";
import { ScorecardsView } from "@/components/scorecards/scorecards-view";
import { PageHeader } from "@/components/ui/page-header";
import { makeQueryClient } from "@/lib/queries/query-client";
import { prefetchScorecards } from "@/lib/api/prefetch-scorecards";
import { scorecardParsers } from "@/lib/queries/scorecard-params";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Scorecards" };

const load = createLoader(scorecardParsers);

export default async function ScorecardsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("viewer", "/scorecards");
  const p = await load(searchParams);
  const queryClient = makeQueryClient();
  await prefetchScorecards(queryClient, { pilot: p.pilot, range: p.range, from: p.from, to: p.to, model: p.model });
  return (
    <>
      <PageHeader title="Scorecards" description="How each coder model shaped its replies, what applied, what it cost — per pilot run or time range, live." />
      <ScorecardTabs />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ScorecardsView />
      </HydrationBoundary>
    </>
  );
}
