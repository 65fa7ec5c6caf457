/**
 * The one rule every state-changing request must pass (CSRF): it comes from Pilot's own
 * pages and carries JSON.
 *
 * - A browser says where a request comes from: `Sec-Fetch-Site` (every current browser)
 *   must be `same-origin` (or `none`: typed by the person), and `Origin`, when sent, must be
 *   Pilot's own (its host, or `PILOT_PUBLIC_URL`). A sibling subdomain is same-site but
 *   not same-origin, and is refused too.
 * - A request with neither header is not from a browser page (curl, a script); it is let
 *   through to the session and role checks.
 * - Only `application/json` bodies: an HTML form or a `text/plain` fetch can be sent
 *   cross-site without a CORS preflight, a JSON one cannot (Pilot answers no preflight),
 *   so a browser too old to send either header still cannot forge one.
 */
export interface Refusal {
  status: 403 | 415;
  error: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function ownOrigin(origin: string, request: Request, publicUrl: string | null): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed frame, a redirect across origins) and garbage
  }
  if (publicUrl !== null && url.origin === new URL(publicUrl).origin) return true;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  return url.host === host && (url.protocol === "http:" || url.protocol === "https:");
}

export function crossSiteRefusal(request: Request, publicUrl: string | null): Refusal | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (site !== null && site !== "same-origin" && site !== "none") return { status: 403, error: `cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)})` };
  if (origin !== null && !ownOrigin(origin, request, publicUrl)) return { status: 403, error: "cross-origin request refused" };
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return { status: 415, error: "send the body as application/json" };
  return null;
}
