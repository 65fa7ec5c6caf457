import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { IntentDetailView } from "@/components/intents/detail/intent-detail-view";
import { PageHeader } from "@/components/ui/page-header";
import { prefetchIntentDetail } from "@/lib/api/prefetch-intent-detail";
import { makeQueryClient } from "@/lib/queries/query-client";
import { logAccess, requirePageUser } from "@/lib/auth/server-auth";
import { hasRole } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";
export const metadata = { title: "Intent" };

export default async function IntentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser("viewer", `/intents/${id}`);
  const queryClient = makeQueryClient();
  await logAccess(user, "view intent", id);
  await prefetchIntentDetail(queryClient, id, hasRole(user.role, "auditor"));
  return (
    <>
      <PageHeader title="Intent" description="The chain of custody: what was asked, who signed it, what policy said, what ran, and the audit trail. Esc goes back." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <IntentDetailView id={id} />
      </HydrationBoundary>
    </>
  );
}
