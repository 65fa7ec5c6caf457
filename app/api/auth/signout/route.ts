import { cookies } from "next/headers";
import { clearedCookie } from "@/lib/auth/cookies";
import { mutating } from "@/lib/auth/mutating";
import { currentUser, getAuth, logAccess, sessionCookieName } from "@/lib/auth/server-auth";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

/** `POST /api/auth/signout`: ends the session here and on the server, back to sign-in. */
export const POST = mutating(async () => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  const user = await currentUser();
  if (token) getAuth().signOut(token);
  if (user) await logAccess(user, "sign-out");
  return new Response(null, {
    status: 303,
    headers: { location: "/signin", "set-cookie": clearedCookie(sessionCookieName(), getConfig().auth.https) },
  });
});
