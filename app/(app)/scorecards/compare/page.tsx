import { CompareView } from "@/components/scorecards/compare-view";
import { ScorecardTabs } from "@/components/scorecards/scorecard-tabs";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compare pilot runs" };

export default function ComparePage() {
  return (
    <>
      <PageHeader title="Compare" description="Pilot run B against run A (or the pinned baseline), model by model: what moved beyond the noise." />
      <ScorecardTabs />
      <CompareView />
    </>
  );
}
