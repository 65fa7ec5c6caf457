/** Only a path on this site: an open redirect would make the sign-in page a phishing tool. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") && !/[\r\n]/.test(next) ? next : "/";
}
