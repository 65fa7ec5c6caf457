import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import { generatePassword } from "../../lib/auth/passwords";
import { loadSettings, type PilotSettings } from "../../lib/env";
import { startNextApp, stopGroup, waitForUrl } from "../../lib/testing/demo/run-app";
import { startNatsStack } from "../../lib/testing/nats/stack";
import { freePort } from "../../lib/testing/nats/free-port";

export interface LiveStack {
  baseUrl: string;
  settings: PilotSettings;
  /** Signs a browser context in as the stack's admin (every page needs a signed-in user). */
  signIn(context: BrowserContext): Promise<void>;
  /** A `cookie` header value of a signed-in admin session, for API calls from Node. */
  cookie(): Promise<string>;
  stop(): Promise<void>;
}

/** A temporary nats-server and the production app on free ports (build it first). */
export async function startLiveStack(trustedSigners: readonly string[]): Promise<LiveStack> {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-bench-live-"));
  const [natsPort, wsPort, httpPort, appPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PILOT_DATA_DIR: path.join(dir, "data"),
    NATS_PORT: String(natsPort),
    NATS_WS_PORT: String(wsPort),
    NATS_HTTP_PORT: String(httpPort),
    PILOT_TRUSTED_SIGNERS: trustedSigners.join(","),
    PILOT_ADMIN_PASSWORD: generatePassword(),
  };
  delete env.NATS_URL;
  delete env.NATS_WS_URL;
  const settings = loadSettings(env);
  const nats = await startNatsStack(settings, { storeDir: path.join(dir, "nats") });
  const app = startNextApp(appPort, env);
  const baseUrl = `http://127.0.0.1:${appPort}`;
  await waitForUrl(`${baseUrl}/api/health/live`, 60_000, app);
  return {
    baseUrl,
    settings,
    signIn: async (context) => {
      const res = await context.request.post(`${baseUrl}/api/auth/signin`, {
        data: { username: settings.auth.admin.user, password: settings.auth.admin.password },
      });
      if (!res.ok()) throw new Error(`signing in failed: ${res.status()} ${await res.text()}`);
    },
    cookie: async () => {
      const res = await fetch(`${baseUrl}/api/auth/signin`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: settings.auth.admin.user, password: settings.auth.admin.password }),
      });
      const cookie = res.headers.get("set-cookie")?.split(";")[0];
      if (!res.ok || !cookie) throw new Error(`signing in failed: ${res.status}`);
      return cookie;
    },
    stop: async () => {
      await stopGroup(app);
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
