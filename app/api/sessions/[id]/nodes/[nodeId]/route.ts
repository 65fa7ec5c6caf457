import { handleNodeHistory } from "@/lib/api/sessions";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", async (_request: Request, { params }: { params: Promise<{ id: string; nodeId: string }> }) => {
  const { id, nodeId } = await params;
  return handleNodeHistory(getStore, id, nodeId);
});
