import { getAuth } from "@/lib/auth/server-auth";
import { oidcConfig, startSignIn } from "@/lib/auth/oidc";
import { safeNext } from "@/lib/auth/safe-next";

export const dynamic = "force-dynamic";

/** `GET /api/auth/oidc/start?next=`: off to the single sign-on provider. */
export async function GET(request: Request) {
  const config = oidcConfig();
  if (!config) return Response.json({ error: "single sign-on is not configured (PILOT_OIDC_ISSUER)" }, { status: 404 });
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  try {
    const to = await startSignIn(getAuth(), await config, request, next);
    return new Response(null, { status: 303, headers: { location: to.toString(), "cache-control": "no-store" } });
  } catch (err) {
    const message = `The sign-on provider could not be reached: ${err instanceof Error ? err.message : String(err)}`;
    return new Response(null, { status: 303, headers: { location: `/signin?error=${encodeURIComponent(message)}` } });
  }
}
