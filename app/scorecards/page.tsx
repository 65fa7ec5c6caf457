import { SectionPage } from "@/components/sections/section-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Scorecards" };

export default function Page() {
  return (
    <SectionPage
      title="Scorecards"
      description="How each coder model shapes its replies, what applies, what it costs, run against run."
      streams={["NEWT_REPLIES", "SKILLLITE", "SMITH_BENCHMARK"]}
      pending="Scorecards are computed from the history index, which is not built yet. The counts below show task replies arriving."
    />
  );
}
