import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import type { PilotSettings } from "@/lib/env";
import { serviceAuth } from "@/lib/nats/auth/connect-auth";
import { natsServerAuth } from "@/lib/nats/auth/server-config";
import { ensureTopology, type TopologyOutcome } from "@/lib/nats/ensure-topology";
import { PILOT_STREAMS } from "@/lib/nats/topology";
import { ensureNatsServerBinary } from "./find-binary";

const CONF = fileURLToPath(new URL("../../../nats/pilot.conf", import.meta.url));
const PASSWORD_CONF = fileURLToPath(new URL("../../../nats/pilot-password.conf", import.meta.url));

/** host:port as nats-server's `http` option reads it (an IPv6 address in brackets). */
export function listen(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export interface NatsLaunch {
  binary: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * How to launch nats-server with Pilot's config for these settings (ports, store, and the
 * operator and account JWTs, or the users' passwords with PILOT_NATS_AUTH=password).
 */
export async function natsLaunch(settings: PilotSettings, binary: string, storeDir?: string): Promise<NatsLaunch> {
  const store = storeDir ?? path.join(settings.dataDir, "nats");
  mkdirSync(store, { recursive: true });
  const env = {
    PILOT_NATS_HOST: settings.nats.host,
    PILOT_NATS_PORT: String(settings.nats.port),
    PILOT_NATS_HTTP_LISTEN: listen(settings.nats.httpHost, settings.nats.httpPort),
    PILOT_NATS_WS_PORT: String(settings.nats.wsPort),
    PILOT_NATS_STORE_DIR: store,
  };
  if (settings.natsAuth.mode === "password") {
    return {
      binary,
      args: ["-c", PASSWORD_CONF],
      env: {
        ...env,
        PILOT_NATS_PILOT_PASSWORD: settings.users.pilot.pass,
        PILOT_NATS_VIEWER_PASSWORD: settings.users.viewer.pass,
        PILOT_NATS_PUBLISHER_PASSWORD: settings.users.publisher.pass,
      },
    };
  }
  const auth = await natsServerAuth(settings.natsAuth.keys);
  return {
    binary,
    args: ["-c", CONF],
    env: {
      ...env,
      PILOT_NATS_OPERATOR_JWT: auth.operatorJwt,
      PILOT_NATS_SYSTEM_ACCOUNT: auth.systemAccount,
      PILOT_NATS_RESOLVER_PRELOAD: auth.resolverPreload,
    },
  };
}

export function spawnNats(launch: NatsLaunch, opts: { detached?: boolean; logFile?: number } = {}): ChildProcess {
  const out = opts.logFile ?? "ignore";
  return spawn(launch.binary, launch.args, {
    env: { ...process.env, ...launch.env },
    stdio: ["ignore", out, out === "ignore" ? "pipe" : out],
    detached: opts.detached ?? false,
  });
}

/**
 * Waits until the monitoring endpoint says healthy, or fails early if the process died.
 * `query` narrows what healthy means (`?js-enabled-only=true`: serving, JetStream on, without
 * waiting for every stream and consumer on it to be current).
 */
export async function waitHealthy(httpUrl: string, child?: ChildProcess, timeoutMs = 20_000, query = ""): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stderr = "";
  child?.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`nats-server exited with code ${child.exitCode}:\n${stderr.trim()}`);
    }
    try {
      const res = await fetch(`${httpUrl}/healthz${query}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nats-server did not become healthy at ${httpUrl} within ${timeoutMs} ms\n${stderr}`);
}

/** Connects as Pilot's server user and creates the default topology where it is missing. */
export async function createTopology(settings: PilotSettings): Promise<TopologyOutcome[]> {
  const nc = await connect({
    servers: settings.nats.servers,
    ...(await serviceAuth(settings, "pilot")),
    name: "pilot-topology",
  });
  try {
    const jsm = await jetstreamManager(nc);
    return await ensureTopology(jsm, PILOT_STREAMS, settings.streams);
  } finally {
    await nc.close();
  }
}

export interface RunningNats {
  launch: NatsLaunch;
  child: ChildProcess;
  topology: TopologyOutcome[];
  stop(): Promise<void>;
}

export async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Starts nats-server as a child process, waits until healthy, creates the streams. */
export async function startNatsStack(
  settings: PilotSettings,
  opts: { storeDir?: string; log?: (line: string) => void; topology?: boolean } = {},
): Promise<RunningNats> {
  const binary = ensureNatsServerBinary(opts.log);
  const launch = await natsLaunch(settings, binary, opts.storeDir);
  const child = spawnNats(launch);
  try {
    await waitHealthy(`http://${settings.nats.httpHost}:${settings.nats.httpPort}`, child);
    // Without it the server is a bare one, laid out later as a deployment would be.
    const topology = opts.topology === false ? [] : await createTopology(settings);
    return { launch, child, topology, stop: () => stopChild(child) };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}
