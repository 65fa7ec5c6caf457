import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import type { PilotSettings } from "../../../lib/env";
import { natsAuthEnv } from "../../../lib/nats/auth/connect-auth";
import { freePort } from "../../../lib/testing/nats/free-port";
import { waitForUrl } from "../../../lib/testing/demo/run-app";
import { waitFor } from "../../../lib/ingest/test-helpers";
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
  #cookie: string | null = null;
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

  /**
   * A session cookie, signed in once and kept: sessions live in the shared store on NATS,
   * so one survives this process's restarts, and every sign-in costs a 128 MiB password
   * hash that a loaded two-core machine can ill afford. A 503 (the accounts store still
   * opening, NATS failing over) is waited out; any other refusal fails at once, with the
   * answer's body.
   */
  async cookie(): Promise<string> {
    if (this.#cookie) return this.#cookie;
    let cookie: string | null = null;
    let last = "no answer yet";
    await waitFor(
      "a sign-in as admin",
      async () => {
        const res = await fetch(`${this.baseUrl}/api/auth/signin`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
        }).catch((err: unknown) => err);
        if (!(res instanceof Response)) {
          last = `no answer (${res instanceof Error ? res.message : String(res)})`;
          return false;
        }
        const body = await res.text();
        last = `${res.status} ${body.slice(0, 300)}`;
        if (res.status === 503) return false;
        cookie = res.headers.get("set-cookie")?.split(";")[0] ?? null;
        if (!res.ok || !cookie) throw new Error(`sign-in failed: ${last}`);
        return true;
      },
      BUDGET.appStartMs,
      500,
    ).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)} (last answer: ${last})`);
    });
    if (!cookie) throw new Error(`sign-in gave no cookie (last answer: ${last})`);
    this.#cookie = cookie;
    return cookie;
  }

  /** The browser context gets this app's session cookie (no sign-in of its own). */
  async signIn(context: BrowserContext): Promise<void> {
    const cookie = await this.cookie();
    const at = cookie.indexOf("=");
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: this.baseUrl }]);
  }

  async api(pathAndQuery: string): Promise<unknown> {
    let res = await fetch(`${this.baseUrl}${pathAndQuery}`, { headers: { cookie: await this.cookie() } });
    if (res.status === 401) {
      // The kept session ended (its store was recreated): sign in again, once.
      this.#cookie = null;
      res = await fetch(`${this.baseUrl}${pathAndQuery}`, { headers: { cookie: await this.cookie() } });
    }
    if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status}`);
    return res.json();
  }
}
