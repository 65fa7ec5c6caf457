import { headers } from "next/headers";
import { sessionCookie } from "@/lib/auth/cookies";
import { finishSignIn, oidcConfig } from "@/lib/auth/oidc";
import { clientAddress, getAuth, SESSION_COOKIE } from "@/lib/auth/server-auth";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

/** `GET /api/auth/oidc/callback`: the provider's answer; a session, then back where the person was going. */
export async function GET(request: Request) {
  const config = oidcConfig();
  if (!config) return Response.json({ error: "single sign-on is not configured (PILOT_OIDC_ISSUER)" }, { status: 404 });
  const auth = getAuth();
  const address = clientAddress(await headers());
  try {
    const { user, next } = await finishSignIn(auth, await config, request);
    auth.log({ username: user.username, address, action: "sign-in", detail: { via: "sso" } });
    const res = new Response(null, { status: 303, headers: { location: next, "cache-control": "no-store" } });
    res.headers.append("set-cookie", sessionCookie(SESSION_COOKIE, auth.sessionFor(user, address), request, getConfig().auth.maxMs));
    return res;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    auth.log({ username: null, address, action: "sign-in failed", detail: { via: "sso", reason: message.slice(0, 200) } });
    return new Response(null, { status: 303, headers: { location: `/signin?error=${encodeURIComponent(`Single sign-on failed: ${message}`)}` } });
  }
}
