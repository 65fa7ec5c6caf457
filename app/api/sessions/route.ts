import { handleSessionList } from "@/lib/api/sessions";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";
import { warmServerLayout } from "@/lib/graph/server-layout";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", (request: Request) => {
  warmServerLayout();
  return handleSessionList(getStore, new URL(request.url));
});
