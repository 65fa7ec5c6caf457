import path from "node:path";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { generatePassword } from "../../lib/auth/passwords";
import { startTestNats, type TestNats } from "../../lib/ingest/test-nats";
import { natsAuthEnv } from "../../lib/nats/auth/connect-auth";
import { agentKey, type AgentKey } from "../../lib/testing/smith-double/agent";
import { startSmithExecutor, type RunOutcome, type SmithExecutor } from "../../lib/testing/smith-double/executor";
import { layOutSmith, type ExecutorConsumer, type SmithTopology } from "../../lib/testing/smith-double/topology";
import type { Intent } from "../../lib/protocol/smith-intent";
import { freePort } from "../../lib/testing/nats/free-port";
import { killGroup, startApp, waitForHttp } from "./app-process";
import { signInState } from "./accounts";

/**
 * A NATS laid out as a real agentd deployment lays it out (the Smith deployment double),
 * and a Pilot of its own attached to it with nothing but NATS_URL and its users: the
 * production build the e2e stack made, started again with this environment.
 */
export interface SmithDeployment {
  baseUrl: string;
  storageState: string;
  nats: TestNats;
  smith: NatsConnection;
  jsm: JetStreamManager;
  consumers: ExecutorConsumer[];
  key: AgentKey;
  executor: SmithExecutor | null;
  startExecutor(decide?: (i: Intent) => RunOutcome): void;
  stopExecutor(): Promise<void>;
  startPilot(): Promise<void>;
  /** SIGTERM to the app, and wait for it to exit. */
  stopPilot(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmithDeployment(topology: SmithTopology): Promise<SmithDeployment> {
  const nats = await startTestNats({}, { topology: false });
  const smith = await nats.connect("publisher");
  const jsm = await jetstreamManager(smith);
  const consumers = await layOutSmith(jsm, topology);
  const key = agentKey(`e2e-${topology}`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const admin = { user: "smith-admin", pass: generatePassword() };
  const s = nats.settings;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    PILOT_DATA_DIR: path.join(nats.dir, "pilot"),
    NATS_URL: s.nats.url,
    NATS_WS_URL: `ws://${s.nats.host}:${s.nats.wsPort}`,
    NATS_MONITOR_URL: `http://${s.nats.httpHost}:${s.nats.httpPort}`,
    ...natsAuthEnv(s),
    PILOT_TRUSTED_SIGNERS: key.signer,
    PILOT_ADMIN_USER: admin.user,
    PILOT_ADMIN_PASSWORD: admin.pass,
  };
  const storageState = path.join(nats.dir, "storage-admin.json");
  let app: ReturnType<typeof startApp> | null = null;
  const d: SmithDeployment = {
    baseUrl,
    storageState,
    nats,
    smith,
    jsm,
    consumers,
    key,
    executor: null,
    startExecutor(decide) {
      d.executor = startSmithExecutor(smith, { consumers, decide, trustedSigners: [key.signer] });
    },
    async stopExecutor() {
      await d.executor?.stop();
    },
    async startPilot() {
      app = startApp(port, env, path.join(nats.dir, "app.log"));
      await waitForHttp(`${baseUrl}/api/health/live`, 60_000, app);
      await signInState(baseUrl, admin, storageState);
    },
    async stopPilot() {
      const child = app;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      killGroup(child);
      await exited;
      app = null;
    },
    async stop() {
      if (app) killGroup(app);
      await d.executor?.stop();
      await smith.close();
      await nats.stop();
    },
  };
  return d;
}
