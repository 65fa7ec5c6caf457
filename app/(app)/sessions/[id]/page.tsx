import { defaultShouldDehydrateQuery, dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createLoader, type SearchParams } from "nuqs/server";
import { SessionDagViewLazy } from "@/components/dag/session-dag-view-lazy";
import { PageHeader } from "@/components/ui/page-header";
import { makeQueryClient } from "@/lib/queries/query-client";
import { prefetchSessionGraph } from "@/lib/api/prefetch-sessions";
import { sessionGraphParsers } from "@/lib/queries/session-graph-params";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Session" };

const loadParams = createLoader(sessionGraphParsers);

export default async function SessionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  await requirePageUser("viewer", `/sessions/${id}`);
  const { seq } = await loadParams(searchParams);
  const queryClient = makeQueryClient();
  // Not awaited: the graph is read at once (see prefetchSessionGraph) and the page ships;
  // its layout streams in behind it (a pending query is dehydrated with its promise), so
  // the browser loads the code while the server lays out a graph of thousands of nodes.
  void prefetchSessionGraph(queryClient, id, seq);
  return (
    <>
      <PageHeader title="Session" description={`The execution DAG of session ${id}: live, searchable, and back in time. Esc closes the node panel, then goes back.`} />
      <HydrationBoundary
        state={dehydrate(queryClient, { shouldDehydrateQuery: (q) => defaultShouldDehydrateQuery(q) || q.state.status === "pending" })}
      >
        <SessionDagViewLazy sessionId={id} />
      </HydrationBoundary>
    </>
  );
}
