import { updateUser } from "@/lib/auth/admin-api";
import { mutating } from "@/lib/auth/mutating";
import { cookies } from "next/headers";
import { getAuth, logAccess, sessionCookieName, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `PATCH /api/admin/users/[id]` {role?, disabled?, password?} */
export const PATCH = mutating(
  withRole(
    "admin",
    async (request: Request, { params }: { params: Promise<{ id: string }> }, user) => {
      const { id } = await params;
      const raw: unknown = await request.json().catch(() => null);
      const { response, updated, change } = await updateUser(
        getAuth(),
        id,
        raw,
        (await cookies()).get(sessionCookieName())?.value,
      );
      if (updated) await logAccess(user, "user changed", updated.username, change);
      return response;
    },
  ),
);
