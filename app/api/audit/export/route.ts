import { EXPORT_ROWS_HEADER, handleAuditExport } from "@/lib/api/audit-export";
import { getStore } from "@/lib/store/server-store";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

export const GET = withRole("auditor", async (request: Request, _context: unknown, user) => {
  const url = new URL(request.url);
  const res = handleAuditExport(getStore, url, Date.now(), { who: user.username });
  if (res.ok) {
    const rows = Number(res.headers.get(EXPORT_ROWS_HEADER) ?? 0);
    await logAccess(user, "export audit", url.searchParams.get("format") ?? "csv", {
      query: Object.fromEntries(url.searchParams),
      rows,
    });
  }
  return res;
});
