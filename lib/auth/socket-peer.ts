import type { IncomingMessage } from "node:http";

/**
 * The TCP peer of a request, as Pilot's own server (`scripts/serve.ts`) saw it on the
 * socket. Next.js gives route handlers and pages no socket, and the `x-forwarded-for` it
 * fills in is only a default: a client that sends its own keeps it. So Pilot's server
 * writes the socket's address into this header on every request, over whatever the client
 * sent under the same name, before Next.js sees the request.
 *
 * No `server-only` import: the server script loads this file outside Next.js.
 */
export const PEER_HEADER = "x-pilot-peer" as const;

const holder = globalThis as typeof globalThis & { __pilotPeerStamped?: boolean };

/** Called once by Pilot's server before Next.js starts in the same process. */
export function markPeerStamping(): void {
  holder.__pilotPeerStamped = true;
}

/**
 * True when this process's requests come through Pilot's server. Under a bare
 * `next start` the header is whatever the client sent, and is not read.
 */
export function peerStamping(): boolean {
  return holder.__pilotPeerStamped === true;
}

/** An IPv4 client of a dual-stack socket reads `::ffff:a.b.c.d`; Pilot logs and matches `a.b.c.d`. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Overwrites the peer header with the socket's address (or removes it when the socket has none). */
export function stampPeer(req: IncomingMessage): void {
  const address = req.socket.remoteAddress;
  // A socket without an address (already closed) leaves nothing the client sent.
  req.headers[PEER_HEADER] = address ? plainAddress(address) : "";
}

/** The socket peer of a request inside Next.js, or null when no Pilot server stamped it. */
export function peerOf(headers: Headers): string | null {
  return peerStamping() ? headers.get(PEER_HEADER) || null : null;
}
