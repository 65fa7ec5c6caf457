import { ScorecardTabs } from "@/components/scorecards/scorecard-tabs";
import { TrendsView } from "@/components/scorecards/trends-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Scorecard trends" };

export default async function TrendsPage() {
  await requirePageUser("viewer", "/scorecards/trends");
  return (
    <>
      <PageHeader title="Trends" description="Each model's rates over time, with 95% intervals as bands and shape drifts marked." />
      <ScorecardTabs />
      <TrendsView />
    </>
  );
}
