import { handleAuditHistogram } from "@/lib/api/audit-aggregates";
import { getStore } from "@/lib/store/server-store";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("auditor", async (request: Request, _context: unknown, user) => {
  const url = new URL(request.url);
  // Logged as the list's query is, so one search (list, histogram, groups) is one entry.
  const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== "buckets"));
  await logAccess(user, "audit query", null, query);
  return handleAuditHistogram(getStore, url, { who: user.username });
});
