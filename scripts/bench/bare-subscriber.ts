// Bundled by bench:live and injected into a blank same-origin page: the baseline view,
// which only subscribes and counts, with the same credentials and broker as the app.
import { wsconnect } from "@nats-io/nats-core";
import { liveCredentialsSchema } from "../../lib/live/credentials-schema";

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
  const sub = nc.subscribe("smith.intents.vetted.>");
  await nc.flush();
  w.__ready = true;
  const decoder = new TextDecoder();
  for await (const m of sub) {
    const at = performance.timeOrigin + performance.now();
    const match = /"id":"([^"]+)"/.exec(decoder.decode(m.data));
    if (match?.[1]) w.__seen[match[1]] = at;
    w.__count++;
  }
})();
