import { alertsAnswer, withAlertEngine } from "@/lib/api/alerts";
import { logAccess, withRole } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/** `GET /api/alerts`: the rules (secrets as their last four characters), and the firings with their deliveries and acknowledgements. */
export const GET = withRole("auditor", async (_request: Request, _context: unknown, user) =>
  withAlertEngine(async (engine) => {
    const answer = await alertsAnswer(engine, user);
    await logAccess(user, "view alerts");
    return Response.json(answer, { headers: { "cache-control": "no-store" } });
  }),
);
