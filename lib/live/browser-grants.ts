/**
 * The names a browser tab's NATS credential is granted (lib/nats/auth/browser-credential.ts
 * signs them in; the tab uses them): its own inbox, so it reads no other client's replies,
 * and a small pool of consumer names, the only consumers it may pull from, inspect or delete.
 * Pilot's server creates each of them on the tab's request (app/api/live/consumers).
 */
export const CONSUMER_SLOTS = 12;
export const BROWSER_INBOX_ROOT = "_INBOX_BROWSER";
/** 16 hex digits: a consumer-name token per tab, derived by the server from the session. */
export const CONSUMER_PREFIX = /^[0-9a-f]{16}$/;

export function browserInbox(prefix: string): string {
  return `${BROWSER_INBOX_ROOT}.${prefix}`;
}

export function browserConsumerName(prefix: string, slot: number): string {
  return `${prefix}-${slot}`;
}
