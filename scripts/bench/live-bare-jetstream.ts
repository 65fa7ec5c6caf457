// Bundled by bench:live and injected into a blank same-origin page: a second baseline,
// which follows ATOMS_VETTED with a JetStream ordered consumer exactly as the Intents
// page does (same options), and only counts. The bare page's core subscription skips
// JetStream's delivery; this one shows what the transport itself costs.
import { wsconnect } from "@nats-io/nats-core";
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import { liveCredentialsSchema } from "../../lib/live/credentials-schema";
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
  const { servers, user, pass } = liveCredentialsSchema.parse(await (await fetch("/api/live/credentials")).json());
  const nc = await wsconnect({ servers, user, pass });
  const js = jetstream(nc);
  const info = await (await js.streams.get("ATOMS_VETTED")).info();
  const consumer = await js.consumers.get("ATOMS_VETTED", {
    filter_subjects: "smith.intents.vetted.>",
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: info.state.last_seq + 1,
  });
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
