import type { Server } from "node:http";
import Provider from "oidc-provider";

export const IDP_CLIENT = { id: "pilot-e2e", secret: "e2e-client-secret-not-for-production" };

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
    claims: { openid: ["sub"], profile: ["preferred_username"], email: ["email"] },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, preferred_username: sub, email: `${sub}@example.test` }) }),
  });
  const server: Server = provider.listen(port);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return { issuer, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
