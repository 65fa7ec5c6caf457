import { handleNodeHistory } from "@/lib/store/api/sessions";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string; nodeId: string }> }) {
  const { id, nodeId } = await params;
  return handleNodeHistory(getStore, id, nodeId);
}
