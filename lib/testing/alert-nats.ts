import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/nats-core";
import { loadSettings } from "../env";
import { serviceAuth } from "../nats/auth/connect-auth";
import { freePort } from "./nats/free-port";
import type { ChildProcess } from "node:child_process";
import { spawnNats, startNatsStack, stopChild, waitHealthy } from "./nats/stack";

/**
 * A real nats-server with Pilot's config and users, for the alert tests: `connect()` opens
 * a connection as Pilot's server user (so its grants on the alert store are tested too),
 * one per simulated replica.
 */
export interface AlertNats {
  dir: string;
  url: string;
  connect(): Promise<NatsConnection>;
  /** Stops nats-server (the connections see it go), and starts it again on the same ports and store. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAlertNats(): Promise<AlertNats> {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-alert-nats-"));
  const [port, wsPort, httpPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NATS_|PILOT_)/.test(k)));
  const settings = loadSettings({ ...inherited, NODE_ENV: process.env.NODE_ENV, PILOT_DATA_DIR: path.join(dir, "data"), NATS_PORT: String(port), NATS_WS_PORT: String(wsPort), NATS_HTTP_PORT: String(httpPort) });
  const stack = await startNatsStack(settings, { storeDir: path.join(dir, "nats"), topology: false });
  let child: ChildProcess = stack.child;
  const open: NatsConnection[] = [];
  return {
    dir,
    url: settings.nats.url,
    async connect() {
      const nc = await connect({ servers: settings.nats.url, ...(await serviceAuth(settings, "pilot")), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
      open.push(nc);
      return nc;
    },
    async stopServer() {
      await stopChild(child);
    },
    async startServer() {
      child = spawnNats(stack.launch);
      await waitHealthy(`http://${settings.nats.httpHost}:${settings.nats.httpPort}`, child);
    },
    async stop() {
      for (const nc of open) await nc.close().catch(() => undefined);
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
