import { handleReply } from "@/lib/store/api/scorecard-views";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleReply(getStore, id);
}
