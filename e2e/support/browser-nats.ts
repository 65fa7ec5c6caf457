import { jwtAuthenticator, nkeys, wsconnect, type NatsConnection } from "@nats-io/nats-core";
import { browserInbox } from "../../lib/live/browser-grants";
import { liveCredentialsSchema, type LiveCredentials } from "../../lib/live/credentials-schema";

/**
 * What a browser tab does to reach NATS, done from the test process: make a user key, ask
 * the app for its credential with a session cookie, connect over WebSocket with it.
 */
export interface Tab {
  key: ReturnType<typeof nkeys.createUser>;
  creds: LiveCredentials;
}

/** A session cookie for `account`, signed in over HTTP. */
export async function sessionCookie(baseUrl: string, account: { user: string; pass: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: account.user, password: account.pass }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!res.ok || !cookie) throw new Error(`signing in ${account.user}: ${res.status}`);
  return cookie;
}

export async function requestCredential(baseUrl: string, cookie: string, key: ReturnType<typeof nkeys.createUser>): Promise<Response> {
  return fetch(`${baseUrl}/api/live/credentials?key=${key.getPublicKey()}`, { headers: { cookie } });
}

export async function openTab(baseUrl: string, cookie: string): Promise<Tab> {
  const key = nkeys.createUser();
  const res = await requestCredential(baseUrl, cookie, key);
  if (!res.ok) throw new Error(`credentials: ${res.status}`);
  return { key, creds: liveCredentialsSchema.parse(await res.json()) };
}

/** Connects as the tab; `jwt` overrides the credential's (a renewed one). No reconnects: a test sees each close. */
export async function connectTab(tab: Tab, jwt?: string): Promise<NatsConnection> {
  if (tab.creds.auth.kind !== "jwt") throw new Error("the e2e stack mints per-tab JWTs");
  return wsconnect({
    servers: tab.creds.servers,
    authenticator: jwtAuthenticator(jwt ?? tab.creds.auth.jwt, tab.key.getSeed()),
    inboxPrefix: browserInbox(tab.creds.consumerPrefix),
    name: "e2e-tab",
    reconnect: false,
  });
}

/** Asks Pilot's server for one of the tab's consumers. */
export function requestConsumer(
  baseUrl: string,
  cookie: string,
  tab: Tab,
  body: { slot: number; stream: string; filter: string; startSeq: number },
): Promise<Response> {
  return fetch(`${baseUrl}/api/live/consumers`, {
    method: "POST",
    headers: { cookie, origin: baseUrl, "content-type": "application/json" },
    body: JSON.stringify({ key: tab.key.getPublicKey(), ...body }),
  });
}

/**
 * The errors the server sent while `action` ran (a permissions violation is one). The
 * server answers each refused publish before the flush's PONG, but the client hands status
 * events to this watcher asynchronously: with `expected`, it waits (up to 10 s) until that
 * many have arrived before closing, so a slow machine does not lose the last one.
 */
export async function errorsDuring(nc: NatsConnection, action: () => void | Promise<void>, expected = 0): Promise<string[]> {
  const errors: string[] = [];
  const watcher = (async () => {
    for await (const s of nc.status()) if (s.type === "error") errors.push(s.error.message);
  })();
  await action();
  await nc.flush().catch(() => undefined);
  for (const deadline = Date.now() + 10_000; errors.length < expected && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
  await nc.close();
  await watcher;
  return errors;
}
