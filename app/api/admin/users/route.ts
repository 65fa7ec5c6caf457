import { createUser } from "@/lib/auth/admin-api";
import { mutating } from "@/lib/auth/mutating";
import { getAuth, logAccess, orUnavailable, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `GET /api/admin/users` */
export const GET = withRole("admin", async () => Response.json({ users: (await getAuth()).listUsers() }, { headers: { "cache-control": "no-store" } }));

/** `POST /api/admin/users` {username, role, password?}: a generated password is returned once. */
export const POST = mutating(
  withRole("admin", async (request: Request, _context: unknown, user) => {
    const raw: unknown = await request.json().catch(() => null);
    return orUnavailable(async () => {
      const { response, created } = await createUser(await getAuth(), raw);
      if (created) await logAccess(user, "user created", created.username, { role: created.role });
      return response;
    });
  }),
);
