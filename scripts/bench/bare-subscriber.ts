// Bundled by bench:live and injected into a blank same-origin page: the baseline view,
// which only subscribes and counts, on the same broker as the app. A browser's own
// credential may not subscribe to stream subjects (README, "NATS credentials"): the bench
// hands this page a reader user of its own (window.__benchReader, scripts/bench-live.ts).
import { jwtAuthenticator, wsconnect } from "@nats-io/nats-core";
import { z } from "zod";

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
  const reader = z.object({ servers: z.array(z.string()), jwt: z.string(), seed: z.string() }).parse((window as unknown as { __benchReader?: unknown }).__benchReader);
  const nc = await wsconnect({ servers: reader.servers, authenticator: jwtAuthenticator(reader.jwt, new TextEncoder().encode(reader.seed)) });
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
