import { BenchmarksSection } from "@/components/scorecards/benchmarks-section";
import { ScorecardTabs } from "@/components/scorecards/scorecard-tabs";
import { SkillLiteSection } from "@/components/scorecards/skilllite-section";
import { Section } from "@/components/ui/facts";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Agents" };

export default async function AgentsPage() {
  await requirePageUser("viewer", "/scorecards/agents");
  return (
    <>
      <PageHeader title="Agents" description="SkillLite tasks and the skills they produced; Smith benchmark runs — live." />
      <ScorecardTabs />
      <div className="flex flex-col gap-10">
        <Section title="SkillLite">
          <SkillLiteSection />
        </Section>
        <Section title="Benchmarks">
          <BenchmarksSection />
        </Section>
      </div>
    </>
  );
}
