import { createRule, withAlertEngine } from "@/lib/api/alerts";
import { mutating } from "@/lib/auth/mutating";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `POST /api/alerts/rules` {kind, name, ...}: auditors and admins; only admins set a webhook. */
export const POST = mutating(
  withRole("auditor", async (request: Request, _context: unknown, user) => {
    const raw: unknown = await request.json().catch(() => null);
    return withAlertEngine(async (engine) => {
      const { response, logged } = await createRule(engine, user, raw);
      if (logged) await logAccess(user, "alert rule created", logged.target, logged.detail);
      return response;
    });
  }),
);
