import type { Server } from "node:http";
import Provider from "oidc-provider";

export const IDP_CLIENT = { id: "pilot-e2e", secret: "e2e-client-secret-not-for-production" };

/**
 * The claims of the account signed in as `login` at the test provider. The development
 * login takes any name; the name picks the account's traits, so that a spec can be an
 * outsider: `unverified-…` has an e-mail its provider never verified, `outsider-…` is
 * only in the `contractors` group (everyone else is in `pilot-users`), and a login with an
 * `@` is that e-mail address (any other gets `<login>@example.test`).
 */
export function idpClaims(login: string): Record<string, unknown> {
  return {
    sub: login,
    preferred_username: login,
    email: login.includes("@") ? login : `${login}@example.test`,
    email_verified: !login.startsWith("unverified-"),
    groups: login.startsWith("outsider-") ? ["contractors"] : ["pilot-users"],
  };
}

/** What the app the specs share lets in through the provider (see idpClaims). */
export const IDP_ALLOWED = { domains: "example.test", groups: "pilot-users" };

/**
 * A real OpenID provider (panva's oidc-provider) on loopback for the single sign-on
 * test: authorization code with PKCE, its development login (any user name and
 * password) and consent screens.
 */
export async function startIdp(port: number, redirectUri: string): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    // The ID token carries the profile and e-mail claims (Pilot reads the user name there).
    conformIdTokenClaims: false,
    // Groups with `openid`: Pilot asks for no extra scope, as with providers that put them in every ID token.
    claims: { openid: ["sub", "groups"], profile: ["preferred_username"], email: ["email", "email_verified"] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ ...idpClaims(sub), sub }) }),
  });
  const server: Server = provider.listen(port);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return { issuer, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
