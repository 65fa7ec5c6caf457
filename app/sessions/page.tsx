import { SectionPage } from "@/components/sections/section-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sessions" };

export default function Page() {
  return (
    <SectionPage
      title="Sessions"
      description="Agent sessions and their execution DAGs, live and back in time."
      streams={["SMITH_GRAPH"]}
      pending="The session list and live DAG view are not built yet; the index already answers /api/sessions and /api/sessions/[id]/graph. The counts below show graph deltas arriving."
    />
  );
}
