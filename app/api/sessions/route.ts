import { handleSessionList } from "@/lib/store/api/sessions";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleSessionList(getStore, new URL(request.url));
}
