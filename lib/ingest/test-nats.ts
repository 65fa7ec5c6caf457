import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import { loadSettings, type PilotSettings } from "../env";
import { serviceAuth } from "../nats/auth/connect-auth";
import { spawnNats, startNatsStack, stopChild, waitHealthy } from "@/lib/testing/nats/stack";
import { createDemoGenerator } from "@/lib/testing/demo/generator";
import { publishDemo, type PublishStats } from "@/lib/testing/demo/publisher";
import type { DemoMessage } from "@/lib/testing/demo/types";
import { freePort } from "@/lib/testing/nats/free-port";

/**
 * A real nats-server for ingest tests and measurements: free ports, a temporary store
 * and data dir, Pilot's config, users and stream topology. `stop()` removes everything.
 */
export interface TestNats {
  dir: string;
  /** The environment a child process (npm run ingest / reindex) needs to reach it. */
  env: NodeJS.ProcessEnv;
  settings: PilotSettings;
  connect(user: "pilot" | "publisher"): Promise<NatsConnection>;
  /** Stops nats-server and starts it again on the same ports and store. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export { freePort };

export async function startTestNats(extraEnv: Record<string, string> = {}, opts: { topology?: boolean } = {}): Promise<TestNats> {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-ingest-"));
  const [port, wsPort, httpPort] = await Promise.all([freePort(), freePort(), freePort()]);
  // Everything that would point a child process elsewhere than this server is left out.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(NATS_|PILOT_)/.test(k) || k === "PILOT_CHROMIUM"),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    // Undefined when unset: spawn leaves undefined values out.
    NODE_ENV: process.env.NODE_ENV,
    PILOT_DATA_DIR: path.join(dir, "data"),
    PILOT_INDEX_PATH: path.join(dir, "index.sqlite"),
    NATS_PORT: String(port),
    NATS_WS_PORT: String(wsPort),
    NATS_HTTP_PORT: String(httpPort),
    ...extraEnv,
  };
  const settings = loadSettings(env);
  const stack = await startNatsStack(settings, { storeDir: path.join(dir, "nats"), topology: opts.topology });
  let child = stack.child;
  return {
    dir,
    env,
    settings,
    connect: async (user) =>
      connect({
        servers: settings.nats.url,
        ...(await serviceAuth(settings, user)),
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
      }),
    async restart() {
      await stopChild(child);
      child = spawnNats(stack.launch);
      await waitHealthy(`http://${settings.nats.httpHost}:${settings.nats.httpPort}`, child);
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Publishes the first `count` demo messages of a seed as fast as the streams ack them;
 * returns them with the stats (messages on subjects no stream captures are not stored).
 */
export async function publishDemoBurst(nats: TestNats, count: number, seed = 7): Promise<{ messages: DemoMessage[]; stats: PublishStats }> {
  const messages: DemoMessage[] = [];
  for (const m of createDemoGenerator({ seed })) {
    messages.push(m);
    if (messages.length >= count) break;
  }
  const nc = await nats.connect("publisher");
  try {
    const stats = await publishDemo({ nc, messages, burst: true, signal: new AbortController().signal, maxInFlight: 1024 });
    if (stats.errors > 0) throw new Error(`publishing failed: ${stats.lastError}`);
    return { messages, stats };
  } finally {
    await nc.drain();
  }
}
