import { handleQuarantine } from "@/lib/store/api/quarantine";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleQuarantine(getStore, new URL(request.url));
}
