import { deleteRule, ruleIdParam, updateRule, withAlertEngine } from "@/lib/api/alerts";
import { mutating } from "@/lib/auth/mutating";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };
const notARule = () => Response.json({ error: "not a rule id" }, { status: 400 });

/** `PATCH /api/alerts/rules/[id]` {muted} or the whole rule again. */
export const PATCH = mutating(
  withRole("auditor", async (request: Request, { params }: Context, user) => {
    const id = ruleIdParam.safeParse((await params).id);
    if (!id.success) return notARule();
    const raw: unknown = await request.json().catch(() => null);
    return withAlertEngine(async (engine) => {
      const { response, logged } = await updateRule(engine, user, id.data, raw);
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
    return withAlertEngine(async (engine) => {
      const { response, logged } = await deleteRule(engine, id.data);
      if (logged) await logAccess(user, "alert rule deleted", logged.target, logged.detail);
      return response;
    });
  }),
);
