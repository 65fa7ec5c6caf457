import { handleSessionTimeline } from "@/lib/store/api/sessions";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleSessionTimeline(getStore, id);
}
