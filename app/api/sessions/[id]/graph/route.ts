import { handleSessionGraph } from "@/lib/api/sessions";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";
import { warmServerLayout } from "@/lib/graph/server-layout";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  warmServerLayout();
  const { id } = await params;
  return handleSessionGraph(getStore, id, new URL(request.url));
});
