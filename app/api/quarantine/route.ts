import { handleQuarantine } from "@/lib/api/quarantine";
import { getStore } from "@/lib/store/server-store";
import { withRole } from "@/lib/auth/server-auth";
import { hasRole } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", (request: Request, _context: unknown, user) => {
  return handleQuarantine(getStore, new URL(request.url), { withRaw: hasRole(user.role, "auditor") });
});
