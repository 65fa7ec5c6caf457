// Bundled by bench:live and injected into a blank same-origin page: a second baseline,
// which follows ATOMS_VETTED with a consumer Pilot's server creates for it, exactly as the
// Intents page does (same credentials, same options), and only counts. The bare page's
// core subscription skips JetStream's delivery; this one shows what the transport costs.
import { jwtAuthenticator, nkeys, usernamePasswordAuthenticator, wsconnect } from "@nats-io/nats-core";
import { jetstream } from "@nats-io/jetstream";
import { browserInbox } from "../../lib/live/browser-grants";
import { consumerAnswerSchema, liveCredentialsSchema } from "../../lib/live/credentials-schema";
import { FOLLOW_BATCH } from "../../lib/live/stream-follower";

interface BareWindow {
  __seen: Record<string, number>;
  __count: number;
  __ready: boolean;
}

const w = window as unknown as BareWindow;
w.__seen = {};
w.__count = 0;
w.__ready = false;

void (async () => {
  const key = nkeys.createUser();
  const creds = liveCredentialsSchema.parse(await (await fetch(`/api/live/credentials?key=${key.getPublicKey()}`)).json());
  const authenticator = creds.auth.kind === "jwt" ? jwtAuthenticator(creds.auth.jwt, key.getSeed()) : usernamePasswordAuthenticator(creds.auth.user, creds.auth.pass);
  const nc = await wsconnect({ servers: creds.servers, authenticator, inboxPrefix: browserInbox(creds.consumerPrefix) });
  const js = jetstream(nc);
  const info = await (await js.streams.get("ATOMS_VETTED")).info();
  const res = await fetch("/api/live/consumers", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key: key.getPublicKey(), slot: 0, stream: "ATOMS_VETTED", filter: "smith.intents.vetted.>", startSeq: info.state.last_seq + 1 }),
  });
  const consumer = await js.consumers.get("ATOMS_VETTED", consumerAnswerSchema.parse(await res.json()).name);
  const messages = await consumer.consume({ max_messages: FOLLOW_BATCH });
  w.__ready = true;
  const decoder = new TextDecoder();
  for await (const m of messages) {
    const at = performance.timeOrigin + performance.now();
    const match = /"id":"([^"]+)"/.exec(decoder.decode(m.data));
    if (match?.[1]) w.__seen[match[1]] = at;
    w.__count++;
  }
})();
