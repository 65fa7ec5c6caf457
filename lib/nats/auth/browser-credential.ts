import { createHmac } from "node:crypto";
import type { Permissions } from "@nats-io/jwt";
import { alertNames, alertStoreDenies } from "../../alerts/alert-names";
import { sharedNames, sharedStoreDenies } from "../../auth/shared-names";
import { browserConsumerName, browserInbox, CONSUMER_SLOTS } from "../../live/browser-grants";
import type { NatsAuthKeys } from "./keys";
import { mintUserJwt } from "./mint-user";

/**
 * A tab's consumer-name token: bound to the signed-in user and the tab's key, so that no
 * other person can name (and so replace) the consumers of this tab, and a renewal of the
 * same tab keeps the same names. Derived, not stored: any Pilot replica with the same
 * secret derives the same token.
 */
export function consumerPrefixFor(secret: string, userId: string, tabKey: string): string {
  return createHmac("sha256", secret).update(`pilot-live\0${userId}\0${tabKey}`).digest("hex").slice(0, 16);
}

/**
 * What a browser tab's NATS user may do: read its own inbox; ask for stream info (the
 * follower checks a stream still holds what comes next); inspect, pull from and delete
 * the consumers of its own name pool, which Pilot's server creates for it after checking
 * the role. No consumer creation (so no durable, no push consumer, no filter of its own
 * choosing), no publish to any other subject, no other subscription. The accounts store
 * (`authStore`, PILOT_AUTH_STORE) is denied outright: `STREAM.INFO.*` would otherwise name
 * its buckets and log, and a deny holds whatever a later allow says.
 */
export function browserPermissions(prefix: string, authStore?: string, alertStore?: string): Permissions {
  const names = Array.from({ length: CONSUMER_SLOTS }, (_, slot) => browserConsumerName(prefix, slot));
  // The alert store (rules with webhook URLs and secrets, firings, deliveries) likewise.
  const denied = [...sharedStoreDenies(sharedNames(authStore)), ...alertStoreDenies(alertNames(alertStore))];
  return {
    pub: {
      allow: [
        "$JS.API.STREAM.INFO.*",
        ...names.flatMap((n) => [`$JS.API.CONSUMER.INFO.*.${n}`, `$JS.API.CONSUMER.MSG.NEXT.*.${n}`, `$JS.API.CONSUMER.DELETE.*.${n}`]),
      ],
      deny: denied,
    },
    sub: { allow: [`${browserInbox(prefix)}.>`], deny: ["$KV.>", "pilot.auth-log.>", "pilot.alert.>"] },
  };
}

/** Subscriptions a tab needs: the client's request inbox and one per consumer it pulls from. */
const MAX_SUBSCRIPTIONS = CONSUMER_SLOTS + 8;

/** The short-lived JWT of one tab's NATS user (WebSocket only), for `tabKey` (its nkey). */
export function mintBrowserJwt(
  keys: NatsAuthKeys,
  o: { tabKey: string; prefix: string; username: string; ttlSeconds: number; authStore?: string },
): Promise<{ jwt: string; expiresAt: number | null }> {
  return mintUserJwt(keys, o.tabKey, {
    name: `browser:${o.username}`,
    permissions: browserPermissions(o.prefix, o.authStore),
    expiresInSeconds: o.ttlSeconds,
    connectionTypes: ["WEBSOCKET"],
    maxSubscriptions: MAX_SUBSCRIPTIONS,
  });
}
