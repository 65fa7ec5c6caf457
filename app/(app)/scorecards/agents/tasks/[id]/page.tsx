import { SkillLiteTaskView } from "@/components/scorecards/skilllite-task-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "SkillLite task" };

export default async function SkillLiteTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageUser("viewer", `/scorecards/agents/tasks/${id}`);
  return (
    <>
      <PageHeader title="SkillLite task" description={`NodeTask and NodeResult of task ${id}, as received.`} />
      <SkillLiteTaskView id={id} />
    </>
  );
}
