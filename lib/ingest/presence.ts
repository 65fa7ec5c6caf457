import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { NatsConnection, Subscription } from "@nats-io/nats-core";

/**
 * Whether another ingest is consuming the same durable consumers right now. JetStream
 * cannot say (a dead process's pull requests linger until they expire), so each running
 * ingest answers a request on a well-known subject. It lives under `_INBOX.` because
 * that is where Pilot's NATS user may publish and subscribe besides the JetStream API.
 */
export function presenceSubject(consumerPrefix: string): string {
  return `_INBOX.pilot-ingest-presence.${consumerPrefix}`;
}

export interface Presence {
  /** This ingest's id: requests carrying it are its own and go unanswered. */
  id: string;
  stop(): void;
}

export function announcePresence(nc: NatsConnection, consumerPrefix: string): Presence {
  const id = randomUUID();
  const who = `${hostname()} pid ${process.pid}`;
  const sub: Subscription = nc.subscribe(presenceSubject(consumerPrefix), {
    callback: (err, msg) => {
      if (err || msg.string() === id) return;
      msg.respond(who);
    },
  });
  return { id, stop: () => sub.unsubscribe() };
}

/**
 * The host and pid of another running ingest, or null. Without one, the server answers
 * "no responders" at once; with only our own announcement listening, the request times out.
 */
export async function findOtherIngest(nc: NatsConnection, consumerPrefix: string, ownId = "", timeoutMs = 500): Promise<string | null> {
  try {
    const reply = await nc.request(presenceSubject(consumerPrefix), ownId, { timeout: timeoutMs });
    // Shown in logs and on the Health page: keep it to a line.
    return reply.string().slice(0, 200);
  } catch {
    // No responders, a timeout, or no connection: nobody else answered.
    return null;
  }
}
