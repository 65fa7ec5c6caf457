import { handleScorecards } from "@/lib/api/scorecards";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", (request: Request) => {
  return handleScorecards(getStore, new URL(request.url));
});
