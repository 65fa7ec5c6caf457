import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import * as client from "openid-client";
import { getConfig } from "../config";
import type { AuthStore, User } from "./auth-store";
import { externalUser } from "./external-identities";
import type { SignInError } from "./signin-errors";
import { admit } from "./sso-admission";

let discovered: { issuer: string; config: Promise<client.Configuration> } | null = null;

/** http is accepted only for a provider on this machine (tests, a local IdP), never across a network. */
function loopback(url: URL): boolean {
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/** The provider's configuration, discovered once per process (openid-client). */
export function oidcConfig(): Promise<client.Configuration> | null {
  const oidc = getConfig().auth.oidc;
  if (!oidc) return null;
  if (discovered?.issuer !== oidc.issuer) {
    const issuer = new URL(oidc.issuer);
    const config = client
      .discovery(issuer, oidc.clientId, oidc.clientSecret ?? undefined, undefined, loopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      });
    discovered = { issuer: oidc.issuer, config };
  }
  return discovered.config;
}

export function redirectUri(request: Request): string {
  const base = getConfig().auth.publicUrl ?? new URL(request.url).origin;
  return new URL("/api/auth/oidc/callback", base).toString();
}

/** The state cookie's base name (cookies.ts adds `__Host-` over HTTPS). */
export const STATE_COOKIE = "pilot_oidc_state";
export const STATE_TTL_MS = 10 * 60_000;

/** A sign-in that ended on the sign-in page with a fixed message (signin-errors.ts); `detail` is for the access log. */
export class SsoError extends Error {
  constructor(
    readonly code: SignInError,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * A state, nonce and PKCE verifier for one sign-in, kept server-side, and the provider
 * URL to go to. The state also goes into a short-lived cookie of this browser (the route
 * sets it): the callback takes the provider's answer only in the browser that started.
 */
export async function startSignIn(auth: AuthStore, config: client.Configuration, request: Request, next: string): Promise<{ to: URL; state: string }> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  // In the shared store: the provider may send the browser back to another replica.
  await auth.sessions.saveSso(state, { verifier, nonce, next, createdMs: Date.now() });
  const to = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(request),
    scope: "openid profile email",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { to, state };
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/** The state of the answer equals the one this browser's cookie holds (constant time). */
export function stateMatches(fromUrl: string, fromCookie: string | null): boolean {
  return fromUrl.length > 0 && fromCookie !== null && timingSafeEqual(digest(fromUrl), digest(fromCookie));
}

/**
 * The provider's answer: its state must be the one this browser's state cookie holds and
 * one Pilot issued (once, within 10 minutes); the code is exchanged with the PKCE
 * verifier and the ID token's nonce checked. The account is the one of the token's issuer
 * and subject (created on first sign-in with the SSO role), never a local account of
 * the same name; the configured e-mail domains and groups are enforced.
 */
export async function finishSignIn(auth: AuthStore, config: client.Configuration, request: Request, cookieState: string | null): Promise<{ user: User; next: string }> {
  const url = new URL(request.url);
  const state = url.searchParams.get("state") ?? "";
  if (!stateMatches(state, cookieState)) throw new SsoError("sso-state", "the answer's state is not the one this browser started with");
  const saved = await auth.sessions.takeSso(state);
  if (!saved || Date.now() - saved.createdMs > STATE_TTL_MS) throw new SsoError("sso-state", "this sign-in was not started here, or took too long");
  // The provider redirected to the public URL; the code exchange must name that same URL.
  const current = new URL(redirectUri(request));
  current.search = url.search;
  const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: saved.verifier, expectedState: state, expectedNonce: saved.nonce, idTokenExpected: true });
  const oidc = getConfig().auth.oidc;
  if (!oidc) throw new SsoError("sso-failed", "single sign-on is no longer configured");
  const admission = admit(tokens.claims(), oidc);
  if (!admission.ok) throw new SsoError("sso-refused", admission.reason);
  const user = await externalUser(auth, { issuer: admission.issuer, subject: admission.subject }, { name: admission.name, role: oidc.role, source: "oidc" });
  if (user.disabled) throw new SsoError("sso-disabled", "this account is disabled");
  return { user, next: saved.next };
}
