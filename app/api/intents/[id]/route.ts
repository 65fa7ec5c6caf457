import { handleIntentDetail } from "@/lib/api/intents";
import { getStore } from "@/lib/store/server-store";
import { logAccess, withRole } from "@/lib/auth/server-auth";
import { hasRole } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", async (_request: Request, { params }: { params: Promise<{ id: string }> }, user) => {
  const { id } = await params;
  await logAccess(user, "view intent", id);
  return handleIntentDetail(getStore, id, { withAudit: hasRole(user.role, "auditor") });
});
