/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (sent on the top-level
 * redirect back from a single sign-on provider, never on cross-site subrequests), Secure
 * when the browser reached Pilot over HTTPS (directly or through a proxy that says so).
 */
export function sessionCookie(name: string, value: string, request: Request, maxAgeMs: number): string {
  const https = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (https) parts.push("Secure");
  return parts.join("; ");
}

export function clearedCookie(name: string): string {
  return `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
