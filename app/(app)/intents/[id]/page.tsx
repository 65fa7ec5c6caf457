import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { IntentDetailView } from "@/components/intents/detail/intent-detail-view";
import { PageHeader } from "@/components/ui/page-header";
import { prefetchIntentDetail } from "@/lib/queries/prefetch-intent-detail";
import { makeQueryClient } from "@/lib/queries/query-client";

export const dynamic = "force-dynamic";
export const metadata = { title: "Intent" };

export default async function IntentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const queryClient = makeQueryClient();
  await prefetchIntentDetail(queryClient, id);
  return (
    <>
      <PageHeader title="Intent" description="The chain of custody: what was asked, who signed it, what policy said, what ran, and the audit trail. Esc goes back." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <IntentDetailView id={id} />
      </HydrationBoundary>
    </>
  );
}
