import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import type { PilotSettings } from "../../lib/env";
import { serviceAuth } from "../../lib/nats/auth/connect-auth";

/**
 * A lazily opened connection as Pilot's server user, for the ingest and reindex
 * processes. A failed first connect is not kept, so ingest's retry connects again.
 */
export function pilotConnection(settings: PilotSettings, name: string): {
  get: () => Promise<NatsConnection>;
  close: () => Promise<void>;
} {
  let pending: Promise<NatsConnection> | null = null;
  return {
    get() {
      pending ??= serviceAuth(settings, "pilot").then((auth) =>
        connect({ servers: settings.nats.servers, ...auth, name, maxReconnectAttempts: -1, reconnectTimeWait: 1000 }),
      );
      pending.catch(() => (pending = null));
      return pending;
    },
    async close() {
      const nc = await pending?.catch(() => null);
      // drain: acks still buffered in the client reach the server before it closes.
      if (nc && !nc.isClosed()) await nc.drain();
    },
  };
}
