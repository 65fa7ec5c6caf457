import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { HealthView } from "@/components/health/health-view";
import { PageHeader } from "@/components/ui/page-header";
import { prefetchHealth } from "@/lib/api/prefetch-health";
import { makeQueryClient } from "@/lib/queries/query-client";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Health" };

export default async function HealthPage() {
  await requirePageUser("viewer", "/health");
  const queryClient = makeQueryClient();
  await prefetchHealth(queryClient);
  return (
    <>
      <PageHeader title="Health" description="Every stream Pilot reads, with live message counts, and the state of each connection." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <HealthView />
      </HydrationBoundary>
    </>
  );
}
