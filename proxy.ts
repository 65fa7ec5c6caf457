import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieNameFor } from "./lib/auth/cookies";
import { HSTS, SECURITY_HEADERS, contentSecurityPolicy } from "./lib/auth/security-headers";
import { browserNatsUrl, servedOverHttps } from "./lib/env";

const PUBLIC_PAGES = new Set(["/signin"]);

/**
 * In front of every request: a fresh CSP nonce for pages (Next puts it on its own
 * scripts), the security headers, and a redirect to sign-in for a page requested without
 * any session cookie. That redirect is a convenience: every page and route handler
 * checks the session itself (a proxy is not an authorization boundary).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const api = pathname.startsWith("/api/");
  const proxyHeader = process.env.PILOT_AUTH_PROXY_HEADER?.toLowerCase();
  const https = servedOverHttps();
  const signedOut = !request.cookies.has(sessionCookieNameFor(https)) && !(proxyHeader && request.headers.has(proxyHeader));
  if (!api && signedOut && !PUBLIC_PAGES.has(pathname)) {
    const to = new URL("/signin", request.url);
    to.searchParams.set("next", `${pathname}${search}`);
    return withHeaders(NextResponse.redirect(to), null, https);
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = api ? null : contentSecurityPolicy(nonce, browserNatsUrl(), process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-pilot-path", `${pathname}${search}`);
  if (csp) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
  }
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp, https);
}

function withHeaders(res: NextResponse, csp: string | null, https: boolean): NextResponse {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
  if (https) res.headers.set("strict-transport-security", HSTS);
  if (csp) res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)" }],
};
