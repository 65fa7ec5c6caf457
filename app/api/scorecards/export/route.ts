import { handleScorecardExport } from "@/lib/store/api/scorecard-export";
import { getStore } from "@/lib/store/server-store";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleScorecardExport(getStore, new URL(request.url));
}
