import "server-only";
import * as client from "openid-client";
import { getConfig } from "../config";
import type { AuthStore, User } from "./auth-store";

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

/** A state, nonce and PKCE verifier kept server-side for one sign-in, and the provider URL to go to. */
export async function startSignIn(auth: AuthStore, config: client.Configuration, request: Request, next: string): Promise<URL> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  auth.db.prepare("DELETE FROM oidc_states WHERE created_ms < ?").run(Date.now() - STATE_TTL_MS);
  auth.db.prepare("INSERT INTO oidc_states (state, verifier, nonce, next, created_ms) VALUES (?, ?, ?, ?, ?)").run(state, verifier, nonce, next, Date.now());
  return client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(request),
    scope: "openid profile email",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
}

const STATE_TTL_MS = 10 * 60_000;

/** A name Pilot can show and key on: the provider's user name, else e-mail, else subject. */
function nameFrom(claims: client.IDToken): string {
  for (const c of [claims.preferred_username, claims.email, claims.sub]) {
    if (typeof c === "string" && /^[A-Za-z0-9._@-]{1,128}$/.test(c)) return c;
  }
  return `sso-${claims.sub.replace(/[^A-Za-z0-9._@-]/g, "_").slice(0, 120)}`;
}

/**
 * The provider's answer: the state must be one Pilot issued (once, within 10 minutes), the
 * code is exchanged with the PKCE verifier, and the ID token's nonce checked. A new user
 * gets the configured SSO role; a disabled one is refused.
 */
export async function finishSignIn(auth: AuthStore, config: client.Configuration, request: Request): Promise<{ user: User; next: string }> {
  const url = new URL(request.url);
  const state = url.searchParams.get("state") ?? "";
  const saved = auth.db.prepare<{ verifier: string; nonce: string; next: string; created_ms: number }>("SELECT verifier, nonce, next, created_ms FROM oidc_states WHERE state = ?").get(state);
  auth.db.prepare("DELETE FROM oidc_states WHERE state = ?").run(state);
  if (!saved || Date.now() - saved.created_ms > STATE_TTL_MS) throw new Error("this sign-in was not started here, or took too long: start again");
  // The provider redirected to the public URL; the code exchange must name that same URL.
  const current = new URL(redirectUri(request));
  current.search = url.search;
  const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: saved.verifier, expectedState: state, expectedNonce: saved.nonce, idTokenExpected: true });
  const claims = tokens.claims();
  if (!claims) throw new Error("the provider sent no ID token");
  const name = nameFrom(claims);
  const role = getConfig().auth.oidc?.role ?? "viewer";
  const user = auth.findUser(name) ?? (await auth.createUser(name, null, role, "oidc"));
  if (user.disabled) throw new Error("this account is disabled");
  return { user, next: saved.next };
}
