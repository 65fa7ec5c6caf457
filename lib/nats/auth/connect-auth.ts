import { jwtAuthenticator, type ConnectionOptions } from "@nats-io/nats-core";
import type { PilotSettings } from "../../env";
import { mintUser } from "./mint-user";
import { DEMO_PUBLISHER_PERMISSIONS, PILOT_SERVER_PERMISSIONS } from "./service-permissions";

export type ServiceUser = "pilot" | "publisher";

const minted = new Map<string, Promise<{ jwt: string; seed: Uint8Array }>>();

/**
 * The connect options that sign in as Pilot's server user or the demo publisher: a user
 * JWT minted once per process with the account's signing key, or the configured password.
 */
export async function serviceAuth(
  settings: Pick<PilotSettings, "natsAuth" | "users">,
  who: ServiceUser,
): Promise<Pick<ConnectionOptions, "user" | "pass" | "authenticator">> {
  const auth = settings.natsAuth;
  if (auth.mode === "password") return { user: settings.users[who].user, pass: settings.users[who].pass };
  const key = `${auth.keysFile}\0${who}`;
  let user = minted.get(key);
  if (!user) {
    user = mintUser(auth.keys, {
      name: who === "pilot" ? "pilot-server" : "publisher",
      permissions: who === "pilot" ? PILOT_SERVER_PERMISSIONS : DEMO_PUBLISHER_PERMISSIONS,
    });
    minted.set(key, user);
  }
  const { jwt, seed } = await user;
  return { authenticator: jwtAuthenticator(jwt, seed) };
}

/**
 * The environment another process (the app, ingest, a publisher) needs to sign in to the
 * same NATS as these settings do, when it is told NATS_URL: the keys file, or the passwords.
 */
export function natsAuthEnv(settings: Pick<PilotSettings, "natsAuth" | "users">): Record<string, string> {
  if (settings.natsAuth.mode === "jwt") return { PILOT_NATS_AUTH_FILE: settings.natsAuth.keysFile };
  const u = settings.users;
  return { NATS_PASSWORD: u.pilot.pass, NATS_VIEWER_PASSWORD: u.viewer.pass, NATS_PUBLISHER_PASSWORD: u.publisher.pass };
}
