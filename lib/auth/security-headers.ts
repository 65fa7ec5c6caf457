/**
 * The Content-Security-Policy of every page: scripts only from Pilot with this
 * response's nonce (no inline script runs, whatever a message contains), no framing,
 * NATS over WebSocket only to the configured server.
 */
export function contentSecurityPolicy(nonce: string, natsWsUrls: string, dev: boolean): string {
  const ws = natsWsUrls.split(",").map((u) => {
    const url = new URL(u);
    return `${url.protocol}//${url.host}`;
  });
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and React Flow position things with style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws.join(" ")}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Sent when Pilot is configured to be served over HTTPS (PILOT_PUBLIC_URL): browsers then
 * refuse plain http to this host for two years, so no network can strip TLS.
 */
export const HSTS = "max-age=63072000; includeSubDomains";

/** Headers on every answer, pages and API alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "cross-origin-opener-policy": "same-origin",
};
