import { deleteRule, ruleIdParam, updateRule } from "@/lib/api/alerts";
import { getAlerts } from "@/lib/alerts/server-alerts";
import { mutating } from "@/lib/auth/mutating";
import { logAccess, orUnavailable, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };
const notARule = () => Response.json({ error: "not a rule id" }, { status: 400 });

/** `PATCH /api/alerts/rules/[id]` {muted} or the whole rule again. */
export const PATCH = mutating(
  withRole("auditor", async (request: Request, { params }: Context, user) => {
    const id = ruleIdParam.safeParse((await params).id);
    if (!id.success) return notARule();
    const raw: unknown = await request.json().catch(() => null);
    return orUnavailable(async () => {
      const { response, logged } = await updateRule(await getAlerts(), user, id.data, raw);
      if (logged) await logAccess(user, "alert rule changed", logged.target, logged.detail);
      return response;
    });
  }),
);

/** `DELETE /api/alerts/rules/[id]` (its firings stay in the log). */
export const DELETE = mutating(
  withRole("auditor", async (_request: Request, { params }: Context, user) => {
    const id = ruleIdParam.safeParse((await params).id);
    if (!id.success) return notARule();
    return orUnavailable(async () => {
      const { response, logged } = await deleteRule(await getAlerts(), id.data);
      if (logged) await logAccess(user, "alert rule deleted", logged.target, logged.detail);
      return response;
    });
  }),
);
