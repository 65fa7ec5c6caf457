import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import type { PilotSettings } from "../../../lib/env";
import { natsAuthEnv } from "../../../lib/nats/auth/connect-auth";
import { freePort } from "../../../lib/testing/nats/free-port";
import { waitForUrl } from "../../../lib/testing/demo/run-app";
import { BUDGET } from "./budget";

export const ADMIN_PASSWORD = "fault-suite-admin-password";

export interface PilotOptions {
  dir: string;
  settings: PilotSettings;
  /** NATS servers (a cluster: several) and their WebSocket URLs for browsers. */
  servers: string[];
  wsServers: string[];
  /** Every replica with its own index needs its own durable consumers. */
  consumerPrefix?: string;
  /** Where the index lives, when not in `dir` (the disk-full fault puts it on a small tmpfs). */
  indexPath?: string;
  extraEnv?: Record<string, string>;
  /** The loopback address it listens on (its pages' origin): 127.0.0.1 unless told. */
  host?: string;
}

/** One Pilot process (the production build, ingest inside), started, killed and started again. */
export class PilotApp {
  child: ChildProcess | null = null;
  port = 0;
  readonly indexPath: string;
  private env: NodeJS.ProcessEnv;

  constructor(readonly o: PilotOptions) {
    this.indexPath = o.indexPath ?? path.join(o.dir, "index.sqlite");
    this.env = {
      ...process.env,
      PILOT_DATA_DIR: o.dir,
      PILOT_INDEX_PATH: this.indexPath,
      NATS_URL: o.servers.join(","),
      NATS_WS_URL: o.wsServers.join(","),
      ...natsAuthEnv(o.settings),
      PILOT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PILOT_INGEST_CONSUMER: o.consumerPrefix ?? "pilot-ingest",
      // A credential's expiry makes the browser reconnect, possibly to another node: within a
      // fault the browser stays where it is (renewal is e2e/live-credentials.spec.ts's).
      PILOT_LIVE_CREDENTIAL_TTL_SECONDS: "3600",
      ...o.extraEnv,
    };
  }

  get baseUrl(): string {
    return `http://${this.o.host ?? "127.0.0.1"}:${this.port}`;
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    mkdirSync(this.o.dir, { recursive: true });
    const log = openSync(path.join(this.o.dir, "app.log"), "a");
    this.child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(this.port), "-H", this.o.host ?? "127.0.0.1"], {
      env: this.env,
      stdio: ["ignore", log, log],
      detached: true,
    });
    await waitForUrl(`${this.baseUrl}/api/health/live`, BUDGET.appStartMs, this.child);
  }

  /** SIGKILL to the whole process group: no shutdown hook runs. */
  kill(): void {
    if (this.child?.pid !== undefined) {
      try {
        process.kill(-this.child.pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    await exited;
    this.child = null;
  }

  async cookie(): Promise<string> {
    const res = await fetch(`${this.baseUrl}/api/auth/signin`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
    });
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status}`);
    return cookie;
  }

  async signIn(context: BrowserContext): Promise<void> {
    const res = await context.request.post(`${this.baseUrl}/api/auth/signin`, { data: { username: "admin", password: ADMIN_PASSWORD } });
    if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
  }

  async api(pathAndQuery: string): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${pathAndQuery}`, { headers: { cookie: await this.cookie() } });
    if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status}`);
    return res.json();
  }
}
