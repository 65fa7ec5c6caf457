import { EVIDENCE_RECORDS_HEADER, handleEvidenceExport } from "@/lib/api/evidence-export";
import { PILOT_VERSION } from "@/lib/evidence/pilot-version";
import { pilotKey } from "@/lib/evidence/server-key";
import type { PilotKey } from "@/lib/evidence/pilot-key";
import { getStore } from "@/lib/store/server-store";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

// Exporting is the auditor's (lib/auth/roles.ts), as for the audit trail's CSV/JSONL export.
export const GET = withRole("auditor", async (request: Request, _context: unknown, user) => {
  const url = new URL(request.url);
  let signer: PilotKey;
  try {
    signer = pilotKey();
  } catch (error) {
    // A configured key file missing or not Ed25519: said, not signed with a stand-in.
    const message = error instanceof Error ? error.message : String(error);
    return Response.json({ error: `no evidence signing key: ${message}` }, { status: 503, headers: { "cache-control": "no-store" } });
  }
  const res = await handleEvidenceExport(getStore, url, {
    signer,
    pilot: PILOT_VERSION,
    who: user.username,
    now: Date.now(),
    searcher: { who: user.username },
  });
  if (res.ok) {
    await logAccess(user, "export evidence", url.searchParams.get("source") ?? "audit", {
      query: Object.fromEntries(url.searchParams),
      records: Number(res.headers.get(EVIDENCE_RECORDS_HEADER) ?? 0),
      key: res.headers.get("x-pilot-evidence-key"),
    });
  }
  return res;
});
