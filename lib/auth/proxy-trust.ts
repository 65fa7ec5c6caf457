import { createHash, timingSafeEqual } from "node:crypto";
import type { BlockList } from "node:net";
import { inList } from "./client-address";

/** The header an authenticating proxy sends `PILOT_AUTH_PROXY_SECRET` in. */
export const PROXY_SECRET_HEADER = "x-pilot-proxy-secret";

export interface ProxyTrust {
  /** PILOT_TRUSTED_PROXIES; null when not set. */
  proxies: BlockList | null;
  /** PILOT_AUTH_PROXY_SECRET; null when not set. */
  secret: string | null;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Whether the proxy's user header on this request is the proxy's word: every check that
 * is configured must pass (the socket peer is a trusted proxy; the shared secret is
 * presented), and with none configured nothing is trusted. The secret is compared in
 * constant time (digests of equal length).
 */
export function proxyVouches(trust: ProxyTrust, peer: string | null, presentedSecret: string | null): boolean {
  if (!trust.proxies && trust.secret === null) return false;
  if (trust.proxies && (!peer || !inList(trust.proxies, peer))) return false;
  if (trust.secret !== null && (presentedSecret === null || !timingSafeEqual(digest(presentedSecret), digest(trust.secret)))) return false;
  return true;
}
