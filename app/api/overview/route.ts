import { handleOverview } from "@/lib/api/overview";
import { readHealth } from "@/lib/api/health";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", (request: Request, _context: unknown, user) => {
  return handleOverview(getStore, new URL(request.url), user.role, readHealth);
});
