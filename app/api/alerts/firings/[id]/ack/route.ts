import { acknowledgeFiring, firingIdParam, withAlertEngine } from "@/lib/api/alerts";
import { mutating } from "@/lib/auth/mutating";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `POST /api/alerts/firings/[id]/ack` {comment}: who and when are taken from the session. */
export const POST = mutating(
  withRole("auditor", async (request: Request, { params }: { params: Promise<{ id: string }> }, user) => {
    const id = firingIdParam.safeParse((await params).id);
    if (!id.success) return Response.json({ error: "not a firing id" }, { status: 400 });
    const raw: unknown = await request.json().catch(() => null);
    return withAlertEngine(async (engine) => {
      const { response, logged } = await acknowledgeFiring(engine, user, id.data, raw);
      if (logged) await logAccess(user, "alert acknowledged", logged.target, logged.detail);
      return response;
    });
  }),
);
