import { handleIntegrity } from "@/lib/api/integrity";
import { getStore } from "@/lib/store/server-store";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("auditor", async (request: Request, _context: unknown, user) => {
  const url = new URL(request.url);
  await logAccess(user, "audit integrity", null, Object.fromEntries(url.searchParams));
  return handleIntegrity(getStore, url);
});
