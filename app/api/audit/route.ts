import { handleAuditSearch } from "@/lib/store/api/audit";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleAuditSearch(getStore, new URL(request.url));
}
