import { CompareView } from "@/components/scorecards/compare-view";
import { ScorecardTabs } from "@/components/scorecards/scorecard-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compare pilot runs" };

export default async function ComparePage() {
  await requirePageUser("viewer", "/scorecards/compare");
  return (
    <>
      <PageHeader title="Compare" description="Pilot run B against run A (or the pinned baseline), model by model: what moved beyond the noise." />
      <ScorecardTabs />
      <CompareView />
    </>
  );
}
