import { handleScorecards } from "@/lib/store/api/scorecards";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleScorecards(getStore, new URL(request.url));
}
