import { cookies } from "next/headers";
import { clearedCookie } from "@/lib/auth/cookies";
import { mutating } from "@/lib/auth/mutating";
import { currentUser, getAuth, logAccess, orUnavailable, sessionCookieName } from "@/lib/auth/server-auth";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

/** `POST /api/auth/signout`: ends the session here and on the server, back to sign-in. */
export const POST = mutating(async () =>
  // While NATS is away the session cannot be ended for every replica: 503, not a sign-out
  // that only cleared this browser's cookie and left the session valid elsewhere.
  orUnavailable(async () => {
    const token = (await cookies()).get(sessionCookieName())?.value;
    const user = await currentUser();
    if (token) await (await getAuth()).signOut(token);
    if (user) await logAccess(user, "sign-out");
    return new Response(null, {
      status: 303,
      headers: { location: "/signin", "set-cookie": clearedCookie(sessionCookieName(), getConfig().auth.https) },
    });
  }),
);
