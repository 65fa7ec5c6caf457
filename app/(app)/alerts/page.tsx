import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { AlertsView } from "@/components/alerts/alerts-view";
import { PageHeader } from "@/components/ui/page-header";
import { prefetchAlerts } from "@/lib/api/prefetch-alerts";
import { logAccess, requirePageUser } from "@/lib/auth/server-auth";
import { makeQueryClient } from "@/lib/queries/query-client";

export const dynamic = "force-dynamic";
export const metadata = { title: "Alert rules" };

export default async function AlertsPage() {
  const user = await requirePageUser("auditor", "/alerts");
  const queryClient = makeQueryClient();
  await prefetchAlerts(queryClient, user);
  await logAccess(user, "view alerts");
  return (
    <>
      <PageHeader
        title="Alert rules"
        description="Rules that watch the audit trail, integrity alarms, scorecard regressions and ingest, and the webhooks they send: each firing once, whichever replica saw it first."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <AlertsView />
      </HydrationBoundary>
    </>
  );
}
