import { withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `GET /api/auth/me`: who is signed in. */
export const GET = withRole("viewer", (_request, _context: unknown, user) => Response.json({ username: user.username, role: user.role }));
