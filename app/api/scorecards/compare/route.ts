import { handleCompare } from "@/lib/api/scorecard-views";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", (request: Request) => {
  return handleCompare(getStore, new URL(request.url));
});
