import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { z } from "zod";
import { PILOT_STREAMS } from "../../../lib/nats/topology";
import { waitFor } from "../../../lib/ingest/test-helpers";
import { BUDGET } from "./budget";

/** Until JetStream answers on this connection again (after a restart it recovers its streams first). */
export async function jetStreamBack(c: NatsConnection): Promise<void> {
  await waitFor("JetStream to answer", async () => {
    try {
      await (await jetstreamManager(c)).streams.info("ATOMS_VETTED");
      return true;
    } catch {
      return false;
    }
  }, BUDGET.jetStreamBackMs, 200);
}

/**
 * Until every stream has a leader and all its replicas are current again: the cluster has
 * healed. Returns what it saw, for the test's printout.
 */
export async function clusterHealed(c: NatsConnection, replicas: number): Promise<string> {
  let seen = "";
  let last = "no answer yet";
  try {
  await waitFor("every stream's replicas to be current", async () => {
    try {
      const jsm = await jetstreamManager(c);
      const states: string[] = [];
      for (const { name } of PILOT_STREAMS) {
        const si = await jsm.streams.info(name);
        const peers = si.cluster?.replicas ?? [];
        const current = peers.filter((p) => p.current && !p.offline).length;
        last = `${name}: leader ${si.cluster?.leader ?? "none"}, replicas ${peers.map((p) => `${p.name}${p.current ? "" : " (behind)"}${p.offline ? " (offline)" : ""}`).join(", ")}`;
        if (!si.cluster?.leader || peers.length !== replicas - 1 || current !== replicas - 1) return false;
        states.push(`${name}@${si.cluster.leader}`);
      }
      seen = states.join(" ");
      return true;
    } catch (err) {
      last = `no answer: ${String(err)}`;
      return false;
    }
  }, BUDGET.clusterHealedMs, 500);
  } catch (err) {
    throw new Error(`${String(err)}\n  last seen: ${last}`);
  }
  return seen;
}

const connz = z.object({
  connections: z.array(z.object({ name: z.string().optional(), authorized_user: z.string().optional() }).loose()).nullish(),
});

/** The cluster node a client connection with this name or user is attached to (monitoring's /connz). */
export async function nodeOf(nodes: readonly { name: string; httpUrl: string }[], match: { name?: string; user?: string }): Promise<string | null> {
  for (const node of nodes) {
    const res = await fetch(`${node.httpUrl}/connz?auth=1&limit=1024`).catch(() => null);
    if (!res?.ok) continue; // a node that is down holds no connection
    const body = connz.parse(await res.json());
    const found = (body.connections ?? []).some((c) => (match.name === undefined || c.name === match.name) && (match.user === undefined || c.authorized_user === match.user));
    if (found) return node.name;
  }
  return null;
}
