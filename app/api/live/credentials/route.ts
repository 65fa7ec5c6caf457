import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/server-auth";
import { tabKeySchema } from "@/lib/live/credentials-schema";
import { liveCredentials } from "@/lib/nats/live-credentials";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/**
 * The tab's own NATS user (short-lived, renewed while the session lasts), or the shared
 * fallback. A renewal is not use: an open live tab does not keep an idle session alive.
 */
export const GET = withRole(
  "viewer",
  async (request: Request, _context: unknown, user) => {
    const key = tabKeySchema.safeParse(new URL(request.url).searchParams.get("key"));
    if (!key.success) return NextResponse.json({ error: "key: expected the tab's nkey user public key" }, { status: 400, headers: noStore });
    return NextResponse.json(await liveCredentials(user, key.data), { headers: noStore });
  },
  { touch: false },
);
