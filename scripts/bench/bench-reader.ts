import { createUser } from "@nats-io/nkeys";
import type { PilotSettings } from "../../lib/env";
import { mintUserJwt } from "../../lib/nats/auth/mint-user";

/**
 * The bare page's NATS user: a core subscription to the vetted intents over WebSocket,
 * which no browser credential of Pilot's may hold; minted here, for the bench only.
 */
export async function benchReader(settings: PilotSettings): Promise<{ servers: string[]; jwt: string; seed: string }> {
  if (settings.natsAuth.mode !== "jwt") throw new Error("bench:live runs Pilot's own NATS, with JWT auth");
  const user = createUser();
  const { jwt } = await mintUserJwt(settings.natsAuth.keys, user.getPublicKey(), {
    name: "bench-reader",
    permissions: { pub: { deny: [">"] }, sub: { allow: ["smith.intents.vetted.>", "_INBOX.>"] } },
  });
  return { servers: settings.nats.wsServers, jwt, seed: new TextDecoder().decode(user.getSeed()) };
}
