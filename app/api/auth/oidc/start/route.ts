import { cookieName, setCookie } from "@/lib/auth/cookies";
import { oidcConfig, startSignIn, STATE_COOKIE, STATE_TTL_MS } from "@/lib/auth/oidc";
import { safeNext } from "@/lib/auth/safe-next";
import { getAuth } from "@/lib/auth/server-auth";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

/** `GET /api/auth/oidc/start?next=`: off to the single sign-on provider, with this browser's state cookie. */
export async function GET(request: Request) {
  const config = oidcConfig();
  if (!config) return Response.json({ error: "single sign-on is not configured (PILOT_OIDC_ISSUER)" }, { status: 404 });
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  try {
    const { to, state } = await startSignIn(await getAuth(), await config, request, next);
    const { https } = getConfig().auth;
    return new Response(null, {
      status: 303,
      headers: { location: to.toString(), "cache-control": "no-store", "set-cookie": setCookie(cookieName(STATE_COOKIE, https), state, https, STATE_TTL_MS) },
    });
  } catch (err) {
    console.error(`[sso] the provider could not be reached: ${err instanceof Error ? err.message : String(err)}`);
    return new Response(null, { status: 303, headers: { location: "/signin?error=sso-unreachable", "cache-control": "no-store" } });
  }
}
