import "server-only";
import type { BlockList } from "node:net";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getConfig } from "../config";
import { serverConnection } from "../nats/server-connection";
import { openAuthStore, type AuthStore, type User } from "./auth-store";
import { addressList, clientAddressOf } from "./client-address";
import { sessionCookieNameFor } from "./cookies";
import { externalUser, PROXY_ISSUER } from "./external-identities";
import { PROXY_SECRET_HEADER, proxyVouches } from "./proxy-trust";
import { hasRole, type Role } from "./roles";
import { openSharedAuth } from "./shared-auth";
import { peerOf } from "./socket-peer";
import { StoreUnavailable, unavailableResponse } from "./store-link";

const holder = globalThis as typeof globalThis & { __pilotAuth?: Promise<AuthStore>; __pilotTrustedProxies?: BlockList | null };

/**
 * The process's auth store over the shared store on NATS, opened on first use (and at
 * start, by instrumentation.ts). A failed open (NATS unreachable at start) is not kept:
 * the next request tries again, and meanwhile gets StoreUnavailable (503).
 */
export function getAuth(): Promise<AuthStore> {
  if (!holder.__pilotAuth) {
    const config = getConfig();
    const pending = serverConnection()
      .then((nc) => openSharedAuth(nc, config.auth, { replicas: config.streams.replicas }))
      .then((shared) => openAuthStore(config.auth, shared));
    const opened: Promise<AuthStore> = pending.catch((err: unknown) => {
      if (holder.__pilotAuth === opened) holder.__pilotAuth = undefined;
      console.error(`[auth] the shared accounts store could not be opened: ${err instanceof Error ? err.message : String(err)}`);
      throw new StoreUnavailable(err);
    });
    holder.__pilotAuth = opened;
  }
  return holder.__pilotAuth;
}

/** Runs `fn`; a StoreUnavailable from it is the 503 that says why. */
export async function orUnavailable(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StoreUnavailable) return unavailableResponse(err);
    throw err;
  }
}

/** The session cookie's name: `__Host-pilot_session` when Pilot is configured for HTTPS. */
export function sessionCookieName(): string {
  return sessionCookieNameFor(getConfig().auth.https);
}

function trustedProxies(): BlockList | null {
  if (holder.__pilotTrustedProxies === undefined) {
    const list = getConfig().auth.trustedProxies;
    holder.__pilotTrustedProxies = list.length > 0 ? addressList(list) : null;
  }
  return holder.__pilotTrustedProxies;
}

/**
 * The client's address for rate limits and the access log: the socket's peer, or, when
 * that peer is a configured proxy (PILOT_TRUSTED_PROXIES), the address that proxy saw
 * (client-address.ts). A client that reaches Pilot directly cannot pick it.
 */
export function clientAddress(h: Headers): string {
  return clientAddressOf(peerOf(h), h.get("x-forwarded-for"), trustedProxies());
}

/**
 * Trusted-proxy mode: the user the authenticating proxy vouches for, when this request
 * is the proxy's (from a configured address and/or with the shared secret). Keyed as an
 * identity of the proxy, created on first sight: never a local account of that name.
 */
async function proxyUser(h: Headers): Promise<User | null> {
  const { proxyHeader, proxyRole, proxySecret } = getConfig().auth;
  if (!proxyHeader) return null;
  const name = h.get(proxyHeader)?.trim();
  if (!name || !/^[A-Za-z0-9._@-]{1,100}$/.test(name)) return null;
  if (!proxyVouches({ proxies: trustedProxies(), secret: proxySecret }, peerOf(h), h.get(PROXY_SECRET_HEADER))) return null;
  try {
    const known = await externalUser(await getAuth(), { issuer: PROXY_ISSUER, subject: name }, { name, role: proxyRole, source: "proxy" }, true);
    return known.disabled ? null : known;
  } catch (err) {
    // A first sight while the store is unreachable cannot create the account: not signed in.
    if (err instanceof StoreUnavailable) return null;
    throw err;
  }
}

/** The signed-in user of this request, or null; `touch: false` does not keep the session from idling out. */
export async function currentUser(touch = true): Promise<User | null> {
  const h = await headers();
  const viaProxy = await proxyUser(h);
  if (viaProxy) return viaProxy;
  const token = (await cookies()).get(sessionCookieName())?.value;
  return token ? (await getAuth()).userOfSession(token, touch) : null;
}

/**
 * For pages: the signed-in user with at least `role`; otherwise a redirect to sign-in
 * (coming back to `path` after) or the 403 page.
 */
export async function requirePageUser(role: Role, path: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(path)}`);
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

type Handler<C> = (request: Request, context: C, user: User) => Response | Promise<Response>;

/** For route handlers: 401 without a session, 403 without the role, else the handler. */
export function withRole<C>(role: Role, handler: Handler<C>, opts: { touch?: boolean } = {}): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    let user: User | null;
    try {
      user = await currentUser(opts.touch ?? true);
    } catch (err) {
      // Not opened yet and NATS unreachable: nobody can be told apart.
      if (err instanceof StoreUnavailable) return unavailableResponse(err);
      throw err;
    }
    if (!user) return Response.json({ error: "sign in first" }, { status: 401, headers: { "cache-control": "no-store" } });
    if (!hasRole(user.role, role))
      return Response.json({ error: `needs the ${role} role (you are ${user.role})` }, { status: 403, headers: { "cache-control": "no-store" } });
    return handler(request, context, user);
  };
}

const recent = new Map<string, number>();
/** A view or query repeated within this window (a live page refetching) is logged once. */
const REPEAT_MS = 60_000;

/** Appends to Pilot's own access log (who viewed, searched, exported or changed what). */
export async function logAccess(user: User | null, action: string, target?: string | null, detail?: unknown): Promise<void> {
  const key = JSON.stringify([user?.id ?? null, action, target ?? null, detail ?? null]);
  const now = Date.now();
  const last = recent.get(key);
  if (last !== undefined && now - last < REPEAT_MS && !action.startsWith("export") && !action.startsWith("user")) return;
  recent.set(key, now);
  if (recent.size > 2000) for (const [k, t] of recent) if (now - t > REPEAT_MS) recent.delete(k);
  (await getAuth()).log({ username: user?.username ?? null, address: clientAddress(await headers()), action, target, detail });
}
