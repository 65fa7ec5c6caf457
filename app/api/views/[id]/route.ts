import { deleteView } from "@/lib/auth/saved-views";
import { mutating } from "@/lib/auth/mutating";
import { getAuth, logAccess, orUnavailable, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `DELETE /api/views/[id]`: by the view's owner or an admin. */
export const DELETE = mutating(
  withRole("viewer", async (_request: Request, { params }: { params: Promise<{ id: string }> }, user) => {
    const { id } = await params;
    return orUnavailable(async () => {
      const { response, deleted } = await deleteView((await getAuth()).shared.views, user, id);
      if (deleted) await logAccess(user, "view deleted", deleted.name, { path: deleted.path, owner: deleted.owner });
      return response;
    });
  }),
);
