import "server-only";
import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import { getConfig } from "../config";
import { serviceAuth } from "./auth/connect-auth";

// One connection per server process; kept on globalThis so dev-mode module reloads
// do not open a new one each time.
const holder = globalThis as typeof globalThis & { __pilotNats?: Promise<NatsConnection> };

/** Pilot's server-side NATS connection (its server user), reconnecting forever. */
export function serverConnection(): Promise<NatsConnection> {
  if (!holder.__pilotNats) {
    const settings = getConfig();
    const pending = serviceAuth(settings, "pilot").then((auth) =>
      connect({
        servers: settings.nats.servers,
        ...auth,
        name: "pilot-server",
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1000,
      }),
    );
    // A failed first connect is not cached: the next request tries again.
    pending.catch(() => {
      if (holder.__pilotNats === pending) holder.__pilotNats = undefined;
    });
    holder.__pilotNats = pending;
  }
  return holder.__pilotNats;
}
