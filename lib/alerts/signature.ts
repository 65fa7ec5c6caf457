import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a webhook's signature travels in. */
export const SIGNATURE_HEADER = "pilot-signature";
/** A receiver refuses a signature older (or newer) than this: a replayed request is stale. */
export const SIGNATURE_TOLERANCE_S = 300;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, as Stripe signs: the
 * timestamp is inside the MAC, so a captured request cannot be replayed later with a new
 * time, and the body is signed as the exact bytes sent.
 */
export function signPayload(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export type VerifyResult = { ok: true; t: number } | { ok: false; reason: string };

/** What a receiver does (and the e2e test does): parse, recompute, compare in constant time, check the age. */
export function verifySignature(secret: string, body: string, header: string | null, nowSeconds: number, toleranceS = SIGNATURE_TOLERANCE_S): VerifyResult {
  if (!header) return { ok: false, reason: "no signature header" };
  const parts = new Map<string, string>();
  for (const item of header.split(",")) {
    const at = item.indexOf("=");
    if (at > 0) parts.set(item.slice(0, at).trim(), item.slice(at + 1).trim());
  }
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1");
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: "malformed signature header" };
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, "hex"))) return { ok: false, reason: "signature does not match" };
  if (Math.abs(nowSeconds - t) > toleranceS) return { ok: false, reason: "timestamp outside the tolerance" };
  return { ok: true, t };
}
