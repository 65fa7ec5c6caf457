import { handleAuditSearch } from "@/lib/api/audit";
import { getStore } from "@/lib/store/server-store";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("auditor", async (request: Request, _context: unknown, user) => {
  const url = new URL(request.url);
  const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== "cursor" && k !== "limit"));
  await logAccess(user, "audit query", null, query);
  return handleAuditSearch(getStore, url, { who: user.username });
});
