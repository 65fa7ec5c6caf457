import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { SessionDagView } from "@/components/dag/session-dag-view";
import { PageHeader } from "@/components/ui/page-header";
import { makeQueryClient } from "@/lib/queries/query-client";
import { prefetchSessionGraph } from "@/lib/queries/prefetch-sessions";
import { sessionGraphParsers } from "@/lib/queries/session-graph-params";

export const dynamic = "force-dynamic";
export const metadata = { title: "Session" };

const loadParams = createLoader(sessionGraphParsers);

export default async function SessionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  const { seq } = await loadParams(searchParams);
  const queryClient = makeQueryClient();
  await prefetchSessionGraph(queryClient, id, seq);
  return (
    <>
      <PageHeader title="Session" description={`The execution DAG of session ${id}: live, searchable, and back in time. Esc closes the node panel, then goes back.`} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SessionDagView sessionId={id} />
      </HydrationBoundary>
    </>
  );
}
