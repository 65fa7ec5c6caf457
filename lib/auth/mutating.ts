import "server-only";
import { getConfig } from "../config";
import { crossSiteRefusal } from "./cross-site";

/**
 * Wraps every POST, PUT, PATCH and DELETE route handler (the lint refuses one without it):
 * a cross-site or non-JSON request is refused before the handler, the session or the
 * body is looked at.
 */
export function mutating<C>(handler: (request: Request, context: C) => Response | Promise<Response>): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const refusal = crossSiteRefusal(request, getConfig().auth.publicUrl);
    if (refusal) return Response.json({ error: refusal.error }, { status: refusal.status, headers: { "cache-control": "no-store" } });
    return handler(request, context);
  };
}
