/**
 * Pilot's cookies: httpOnly (no script reads them), SameSite=Lax (sent on the top-level
 * redirect back from a single sign-on provider, never on cross-site subrequests). When
 * Pilot is configured to be served over HTTPS (PILOT_PUBLIC_URL is https), they are
 * `Secure` and carry the `__Host-` prefix (the browser then refuses a copy set without
 * Secure, for another path, or by a sibling domain). That is decided by configuration,
 * never by a request header such as x-forwarded-proto, which a client can send.
 */
/** The session cookie's name: `__Host-pilot_session` when Pilot is configured for HTTPS. */
export function sessionCookieNameFor(secure: boolean): string {
  return cookieName("pilot_session", secure);
}

export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

export function setCookie(name: string, value: string, secure: boolean, maxAgeMs: number): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearedCookie(name: string, secure: boolean): string {
  return setCookie(name, "", secure, 0);
}
