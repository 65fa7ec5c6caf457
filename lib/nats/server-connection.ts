import "server-only";
import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import { getConfig } from "../config";

// One connection per server process; kept on globalThis so dev-mode module reloads
// do not open a new one each time.
const holder = globalThis as typeof globalThis & { __pilotNats?: Promise<NatsConnection> };

/** Pilot's server-side NATS connection (user `pilot`), reconnecting forever. */
export function serverConnection(): Promise<NatsConnection> {
  if (!holder.__pilotNats) {
    const { nats, users } = getConfig();
    const pending = connect({
      servers: nats.servers,
      user: users.pilot.user,
      pass: users.pilot.pass,
      name: "pilot-server",
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
    });
    // A failed first connect is not cached: the next request tries again.
    pending.catch(() => {
      if (holder.__pilotNats === pending) holder.__pilotNats = undefined;
    });
    holder.__pilotNats = pending;
  }
  return holder.__pilotNats;
}
