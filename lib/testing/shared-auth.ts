import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import { loadSettings, type AuthSettings } from "../env";
import { openAuthStore, type AuthStore } from "../auth/auth-store";
import { openSharedAuth } from "../auth/shared-auth";
import { serviceAuth } from "../nats/auth/connect-auth";
import { freePort } from "./nats/free-port";
import { spawnNats, startNatsStack, stopChild, waitHealthy } from "./nats/stack";
import { testAuthSettings } from "./auth-settings";

/**
 * A real nats-server (Pilot's config and users) for the auth tests, and replicas of the
 * auth store on it: each `replica` is its own NATS connection as Pilot's server user (so
 * that user's grants are tested too) and its own auth.sqlite, over the shared store
 * `store` (a test's own name, so tests on one server do not see each other's accounts).
 */
export interface AuthNats {
  dir: string;
  replica(o: { store: string; file?: string; more?: Partial<AuthSettings>; now?: () => number }): Promise<AuthStore & { nc: NatsConnection }>;
  /** Stops nats-server (the replicas see it go), and starts it again on the same ports and store. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAuthNats(): Promise<AuthNats> {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-auth-nats-"));
  const [port, wsPort, httpPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NATS_|PILOT_)/.test(k)));
  const settings = loadSettings({ ...inherited, NODE_ENV: process.env.NODE_ENV, PILOT_DATA_DIR: path.join(dir, "data"), NATS_PORT: String(port), NATS_WS_PORT: String(wsPort), NATS_HTTP_PORT: String(httpPort) });
  const stack = await startNatsStack(settings, { storeDir: path.join(dir, "nats"), topology: false });
  let child: ChildProcess = stack.child;
  const open: { store: AuthStore; nc: NatsConnection }[] = [];
  let n = 0;
  return {
    dir,
    async replica(o) {
      const nc = await connect({ servers: settings.nats.url, ...(await serviceAuth(settings, "pilot")), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
      const auth = testAuthSettings(path.join(dir, o.file ?? `replica-${++n}.sqlite`), { store: { name: o.store, logMaxAgeMs: 86_400_000 }, ...o.more });
      const store = openAuthStore(auth, await openSharedAuth(nc, auth, { replicas: 1, now: o.now }), o.now);
      open.push({ store, nc });
      return Object.assign(store, { nc });
    },
    async stopServer() {
      await stopChild(child);
    },
    async startServer() {
      child = spawnNats(stack.launch);
      await waitHealthy(`http://${settings.nats.httpHost}:${settings.nats.httpPort}`, child);
    },
    async stop() {
      for (const r of open) {
        r.store.close();
        await r.nc.close().catch(() => undefined);
      }
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
