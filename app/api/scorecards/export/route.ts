import { handleScorecardExport } from "@/lib/api/scorecard-export";
import { getStore } from "@/lib/store/server-store";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("viewer", async (request: Request, _context: unknown, user) => {
  const url = new URL(request.url);
  const res = handleScorecardExport(getStore, url);
  if (res.ok) {
    const rows = Number(res.headers.get("x-pilot-rows") ?? 0);
    await logAccess(user, "export scorecard", url.searchParams.get("format") ?? "csv", { query: Object.fromEntries(url.searchParams), rows });
  }
  return res;
});
