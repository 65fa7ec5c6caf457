import "server-only";
import { getConfig } from "../config";
import type { User } from "../auth/auth-store";
import { CONSUMER_SLOTS } from "../live/browser-grants";
import type { LiveCredentials } from "../live/credentials-schema";
import { readableSubjects } from "../live/readable-subjects";
import { consumerPrefixFor, mintBrowserJwt } from "./auth/browser-credential";
import { liveSources } from "./live-sources";

/**
 * The secret that binds a tab's consumer names to its person: the signing key when Pilot
 * mints, else the server user's password (the same on every replica either way).
 */
export function liveSecret(): string {
  const { natsAuth, users } = getConfig();
  return natsAuth.mode === "jwt" ? natsAuth.keys.signer : users.pilot.pass;
}

/**
 * A tab's live credentials for the signed-in `user`, asked for again before they expire:
 * each time, the session is checked (withRole), so a signed-out or disabled person gets
 * none and the NATS user the tab holds expires within PILOT_LIVE_CREDENTIAL_TTL_SECONDS.
 */
export async function liveCredentials(user: User, tabKey: string): Promise<LiveCredentials> {
  const { nats, natsAuth, users, trustedSigners, live, auth: authSettings } = getConfig();
  const consumerPrefix = consumerPrefixFor(liveSecret(), user.username, tabKey);
  const auth: LiveCredentials["auth"] =
    natsAuth.mode === "jwt"
      ? {
          kind: "jwt",
          ...(await mintBrowserJwt(natsAuth.keys, { tabKey, prefix: consumerPrefix, username: user.username, ttlSeconds: live.credentialTtlSeconds, authStore: authSettings.store.name }).then(
            ({ jwt, expiresAt }) => ({ jwt, expiresAt: expiresAt ?? 0 }),
          )),
        }
      : { kind: "password", user: users.viewer.user, pass: users.viewer.pass };
  return {
    servers: nats.wsServers,
    auth,
    consumerPrefix,
    slots: CONSUMER_SLOTS,
    readable: [...readableSubjects(user.role)],
    trustedSigners,
    sources: await liveSources(),
  };
}
