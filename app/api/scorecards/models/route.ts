import { handleModelScorecards } from "@/lib/store/api/scorecard-views";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleModelScorecards(getStore, new URL(request.url));
}
