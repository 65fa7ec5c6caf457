import { createView, listViews } from "@/lib/auth/saved-views";
import { mutating } from "@/lib/auth/mutating";
import { getAuth, logAccess, orUnavailable, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `GET /api/views`: the reader's own saved views and every shared one. */
export const GET = withRole("viewer", async (_request: Request, _context: unknown, user) =>
  Response.json({ views: listViews((await getAuth()).shared.views, user) }, { headers: { "cache-control": "no-store" } }),
);

/** `POST /api/views` {name, path, shared}: saves a view of this site under a name. */
export const POST = mutating(
  withRole("viewer", async (request: Request, _context: unknown, user) => {
    const raw: unknown = await request.json().catch(() => null);
    // Written to the bucket every replica reads; while NATS is away, refused (503), never kept locally.
    return orUnavailable(async () => {
      const { response, created } = await createView((await getAuth()).shared.views, user, raw);
      if (created) await logAccess(user, "view saved", created.name, { path: created.path, shared: created.shared });
      return response;
    });
  }),
);
