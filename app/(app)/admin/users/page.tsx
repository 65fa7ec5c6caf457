import { UsersView } from "@/components/admin/users-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

export default async function UsersPage() {
  await requirePageUser("admin", "/admin/users");
  return (
    <>
      <PageHeader title="Users" description="Accounts and their roles: viewer (intents, sessions, scorecards), auditor (+ audit trail, exports, raw quarantine payloads), admin (+ users)." />
      <UsersView />
    </>
  );
}
