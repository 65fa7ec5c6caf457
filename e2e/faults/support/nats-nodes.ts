import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadSettings, type PilotSettings } from "../../../lib/env";
import { ensureNatsServerBinary } from "../../../lib/testing/nats/find-binary";
import { freePort } from "../../../lib/testing/nats/free-port";
import { createTopology, listen, natsLaunch, spawnNats, stopChild, waitHealthy, type NatsLaunch } from "../../../lib/testing/nats/stack";
import { BUDGET } from "./budget";

const CLUSTER_CONF = fileURLToPath(new URL("../../../nats/cluster-node.conf", import.meta.url));

/** One nats-server process that a fault can stop, kill and start again (same ports, same store). */
export class NatsNode {
  child: ChildProcess | null = null;

  constructor(
    readonly name: string,
    readonly launch: NatsLaunch,
    readonly httpUrl: string,
  ) {}

  /**
   * `rejoin`: a node started again after a fault is back once it serves with JetStream on;
   * the full /healthz also waits for every consumer on it to be current, which nats-server
   * 2.9.10 did not reach in 180 s for an idle durable on a loaded machine (one run in ten of
   * the repeated suite). Callers wait for the streams' replicas to be current themselves.
   */
  async start(opts: { rejoin?: boolean } = {}): Promise<void> {
    this.child = spawnNats(this.launch);
    await waitHealthy(this.httpUrl, this.child, BUDGET.nodeHealthyMs, opts.rejoin ? "?js-enabled-only=true" : "");
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child);
    this.child = null;
  }

  kill(): void {
    this.child?.kill("SIGKILL");
    this.child = null;
  }
}

/**
 * The environment of a stack of its own under `dir`: nothing inherited from the caller's
 * NATS_ / PILOT_ variables, its data (generated passwords included) in `dir/data`.
 */
export function isolatedEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NATS_|PILOT_)/.test(k)));
  return { ...inherited, NODE_ENV: process.env.NODE_ENV, PILOT_DATA_DIR: path.join(dir, "data"), ...extra };
}

/** Settings for one nats-server of its own on free loopback ports. */
export async function singleNodeSettings(dir: string): Promise<PilotSettings> {
  const [port, wsPort, httpPort] = await Promise.all([freePort(), freePort(), freePort()]);
  return loadSettings(isolatedEnv(dir, { NATS_PORT: String(port), NATS_WS_PORT: String(wsPort), NATS_HTTP_PORT: String(httpPort) }));
}

/** Pilot's single nats-server (nats/pilot.conf) for these settings. */
export async function singleNode(settings: PilotSettings, dir: string): Promise<NatsNode> {
  const node = new NatsNode("single", await natsLaunch(settings, ensureNatsServerBinary(), path.join(dir, "nats")), `http://${settings.nats.httpHost}:${settings.nats.httpPort}`);
  await node.start();
  await createTopology(settings);
  return node;
}

export interface ClusterPorts {
  client: number;
  ws: number;
  http: number;
  cluster: number;
}

/** Three nodes of nats/cluster-node.conf on loopback, routes between all of them. */
/** `origins`: the pages (Pilot replicas) whose browsers may connect over WebSocket. */
export async function threeNodeCluster(settings: PilotSettings, dir: string, origins: readonly string[]): Promise<{ nodes: NatsNode[]; ports: ClusterPorts[] }> {
  const binary = ensureNatsServerBinary();
  const ports: ClusterPorts[] = [];
  for (let i = 0; i < 3; i++) ports.push({ client: await freePort(), ws: await freePort(), http: await freePort(), cluster: await freePort() });
  const host = settings.nats.host;
  const routes = ports.map((p) => `nats-route://${host}:${p.cluster}`);
  const nodes: NatsNode[] = [];
  for (const [i, p] of ports.entries()) {
    const name = `pilot-${"abc"[i]}`;
    const store = path.join(dir, name);
    mkdirSync(store, { recursive: true });
    const base = await natsLaunch(settings, binary, store);
    const launch: NatsLaunch = {
      binary,
      args: ["-c", CLUSTER_CONF],
      env: {
        ...base.env,
        PILOT_NODE_NAME: name,
        PILOT_NATS_PORT: String(p.client),
        PILOT_NATS_WS_PORT: String(p.ws),
        PILOT_NATS_HTTP_LISTEN: listen(settings.nats.httpHost, p.http),
        // nats-server parses an environment value as a config value: this is a list.
        PILOT_NATS_WS_ORIGINS: JSON.stringify(origins),
        PILOT_CLUSTER_PORT: String(p.cluster),
        PILOT_ROUTE_A: routes[0] ?? "",
        PILOT_ROUTE_B: routes[1] ?? "",
        PILOT_ROUTE_C: routes[2] ?? "",
      },
    };
    nodes.push(new NatsNode(name, launch, `http://${settings.nats.httpHost}:${p.http}`));
  }
  await Promise.all(nodes.map((n) => n.start()));
  return { nodes, ports };
}
