import { cookies, headers } from "next/headers";
import { clearedCookie, cookieName, setCookie } from "@/lib/auth/cookies";
import { finishSignIn, oidcConfig, SsoError, STATE_COOKIE } from "@/lib/auth/oidc";
import { clientAddress, getAuth, sessionCookieName } from "@/lib/auth/server-auth";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

/** `GET /api/auth/oidc/callback`: the provider's answer; a session, then back where the person was going. */
export async function GET(request: Request) {
  const config = oidcConfig();
  if (!config) return Response.json({ error: "single sign-on is not configured (PILOT_OIDC_ISSUER)" }, { status: 404 });
  let auth;
  try {
    auth = await getAuth();
  } catch {
    return new Response(null, { status: 303, headers: { location: "/signin?error=sso-failed", "cache-control": "no-store" } });
  }
  const address = clientAddress(await headers());
  const { https, maxMs } = getConfig().auth;
  const stateCookie = cookieName(STATE_COOKIE, https);
  const cookieState = (await cookies()).get(stateCookie)?.value ?? null;
  const res = (location: string) => {
    const r = new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
    r.headers.append("set-cookie", clearedCookie(stateCookie, https));
    return r;
  };
  try {
    const { user, next } = await finishSignIn(auth, await config, request, cookieState);
    auth.log({ username: user.username, address, action: "sign-in", detail: { via: "sso" } });
    const answer = res(next);
    answer.headers.append("set-cookie", setCookie(sessionCookieName(), await auth.sessionFor(user, address), https, maxMs));
    return answer;
  } catch (err) {
    // The page shows a fixed sentence for the code; the reason is for the access log.
    const code = err instanceof SsoError ? err.code : "sso-failed";
    const reason = err instanceof Error ? err.message : String(err);
    auth.log({ username: null, address, action: "sign-in failed", detail: { via: "sso", code, reason: reason.slice(0, 200) } });
    return res(`/signin?error=${code}`);
  }
}
