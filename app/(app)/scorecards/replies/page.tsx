import { RepliesView } from "@/components/scorecards/replies-view";
import { ScorecardTabs } from "@/components/scorecards/scorecard-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Replies" };

export default async function RepliesPage() {
  await requirePageUser("viewer", "/scorecards/replies");
  return (
    <>
      <PageHeader title="Replies" description="The task replies behind a scorecard figure." />
      <ScorecardTabs />
      <RepliesView />
    </>
  );
}
