import { handleSessionList } from "@/lib/store/api/sessions";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", (request: Request) => {
  return handleSessionList(getStore, new URL(request.url));
});
