import { cookies, headers } from "next/headers";
import { z } from "zod";
import { clientAddress, getAuth, orUnavailable, sessionCookieName } from "@/lib/auth/server-auth";
import { getConfig } from "@/lib/config";
import { setCookie } from "@/lib/auth/cookies";
import { mutating } from "@/lib/auth/mutating";

export const dynamic = "force-dynamic";

const bodySchema = z.object({
  username: z.string().trim().min(1, { error: "enter your user name" }).max(128),
  password: z.string().min(1, { error: "enter your password" }).max(1024),
});

/** `POST /api/auth/signin` {username, password}: sets the session cookie. */
export const POST = mutating(async (request: Request) => {
  const raw: unknown = await request.json().catch(() => null);
  const body = bodySchema.safeParse(raw);
  if (!body.success)
    return Response.json(
      { error: body.error.issues[0]?.message ?? "bad request" },
      { status: 400 },
    );
  // While NATS is away no session can be written for every replica: 503 with the reason.
  return orUnavailable(async () => {
    const auth = await getAuth();
    await auth.ensureFirstAdmin();
    const address = clientAddress(await headers());
    const result = await auth.signIn(
      body.data.username,
      body.data.password,
      address,
      (await cookies()).get(sessionCookieName())?.value,
    );
    if (!result.ok) {
      // Failures are in the access log already, one line per window (lib/auth/login-throttle.ts).
      if (result.reason === "busy")
        return Response.json(
          { error: "Pilot is busy checking other sign-ins: try again in a moment." },
          { status: 503, headers: { "retry-after": "1" } },
        );
      if (result.reason === "locked") {
        const minutes = Math.ceil((result.retryAfterMs ?? 0) / 60_000);
        return Response.json(
          {
            error: `Too many failed attempts: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
          },
          {
            status: 429,
            headers: { "retry-after": String(Math.ceil((result.retryAfterMs ?? 0) / 1000)) },
          },
        );
      }
      const message =
        result.reason === "disabled"
          ? "This account is disabled."
          : auth.countUsers() === 0
            ? "No account exists yet: set PILOT_ADMIN_PASSWORD and restart Pilot."
            : "Wrong user name or password.";
      return Response.json({ error: message }, { status: 401 });
    }
    auth.log({ username: result.user.username, address, action: "sign-in" });
    const res = Response.json({ username: result.user.username, role: result.user.role });
    res.headers.append(
      "set-cookie",
      setCookie(sessionCookieName(), result.token, getConfig().auth.https, getConfig().auth.maxMs),
    );
    return res;
  });
});
