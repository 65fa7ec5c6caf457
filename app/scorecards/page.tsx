import { SectionPage } from "@/components/sections/section-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Scorecards" };

export default function Page() {
  return (
    <SectionPage
      title="Scorecards"
      description="How each coder model shapes its replies, what applies, what it costs, run against run."
      streams={["NEWT_REPLIES", "SKILLLITE", "SMITH_BENCHMARK"]}
      pending="The scorecards view is not built yet; the index already aggregates replies per pilot and model at /api/scorecards. The counts below show task replies arriving."
    />
  );
}
