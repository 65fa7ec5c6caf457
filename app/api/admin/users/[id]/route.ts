import { updateUser } from "@/lib/auth/admin-api";
import { mutating } from "@/lib/auth/mutating";
import { cookies } from "next/headers";
import { getAuth, logAccess, orUnavailable, sessionCookieName, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `PATCH /api/admin/users/[id]` {role?, disabled?, password?} */
export const PATCH = mutating(
  withRole(
    "admin",
    async (request: Request, { params }: { params: Promise<{ id: string }> }, user) => {
      const { id } = await params;
      const raw: unknown = await request.json().catch(() => null);
      const keep = (await cookies()).get(sessionCookieName())?.value;
      // A disable or password change while NATS is away would hold on this replica only: refused (503).
      return orUnavailable(async () => {
        const { response, updated, change } = await updateUser(await getAuth(), id, raw, keep);
        if (updated) await logAccess(user, "user changed", updated.username, change);
        return response;
      });
    },
  ),
);
