import type { Permissions } from "@nats-io/jwt";

/**
 * Pilot's own NATS users in operator mode, the same grants as nats/permissions.conf gives
 * them for a user/password server (a unit test keeps the two in step).
 */

/**
 * The Pilot server: reads streams through its own durable consumers, manages its topology
 * and the browsers' consumers, and copies what it captures into streams of its own
 * (pilot.capture.>, bookkeeping on pilot.capture-state.>). It keeps the accounts every
 * replica shares in KV buckets (`$KV.<PILOT_AUTH_STORE>_*`, lib/auth/shared-names.ts) and
 * appends to their access log (pilot.auth-log.>); its alert firings, delivery attempts and
 * acknowledgements go to its alert stream (pilot.alert.>, lib/alerts/alert-names.ts). It never
 * publishes to platform subjects.
 */
export const PILOT_SERVER_PERMISSIONS: Permissions = {
  pub: { allow: ["$JS.API.>", "$JS.ACK.>", "$JS.FC.>", "_INBOX.>", "pilot.capture.>", "pilot.capture-state.>", "$KV.>", "pilot.auth-log.>", "pilot.alert.>"] },
  sub: { allow: ["_INBOX.>", "smith.>", "newt.>", "skilllite.>"] },
};

/**
 * The demo publisher and tests: publish platform traffic and, standing in for the
 * platform's own services, use the whole JetStream API. Never a Pilot deployment's user.
 */
export const DEMO_PUBLISHER_PERMISSIONS: Permissions = {
  pub: { allow: ["smith.>", "newt.>", "skilllite.>", "$JS.API.>", "$JS.ACK.>"] },
  sub: { allow: ["_INBOX.>", "smith.>", "newt.>", "skilllite.>"] },
};
