import { AccessLogView } from "@/components/admin/access-log-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Access log" };

export default async function AccessLogPage() {
  await requirePageUser("admin", "/admin/access-log");
  return (
    <>
      <PageHeader title="Access log" description="Pilot's own log, append-only: sign-ins (and failures), intents viewed, audit queries, exports, account changes." />
      <AccessLogView />
    </>
  );
}
