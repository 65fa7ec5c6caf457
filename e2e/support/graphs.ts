import { randomUUID } from "node:crypto";
import type { NatsConnection } from "@nats-io/nats-core";
import { publish } from "./intents";

/** Builds and publishes one agent session's GraphDelta messages, as an agent would. */
export interface TestNode {
  id: string;
  label: string;
  node_type: string;
  metadata: Record<string, string>;
}

export class TestSession {
  readonly id = randomUUID();
  private byLabel = new Map<string, TestNode>();

  constructor(private readonly nc: NatsConnection) {}

  node(label: string, status: string, nodeType = "tool_call", more: Record<string, string> = {}): TestNode {
    const existing = this.byLabel.get(label);
    const n = { id: existing?.id ?? randomUUID(), label, node_type: nodeType, metadata: { status, ...more } };
    this.byLabel.set(label, n);
    return n;
  }

  idOf(label: string): string {
    const n = this.byLabel.get(label);
    if (!n) throw new Error(`no node ${label}`);
    return n.id;
  }

  edge(from: string, to: string, edgeType = "depends_on") {
    return { id: randomUUID(), from: this.idOf(from), to: this.idOf(to), label: null, edge_type: edgeType };
  }

  /** Publishes `parent` (a planner) with `count` ok tool_call children `<prefix>-0`, `<prefix>-1`, …: one fan-out. */
  sendFanOut(parent: string, prefix: string, count: number): Promise<number> {
    const kids = Array.from({ length: count }, (_, i) => this.node(`${prefix}-${i}`, "ok"));
    return this.send({ nodes: [this.node(parent, "ok", "planner"), ...kids], edges: kids.map((k) => this.edge(parent, k.label)) });
  }

  /** Publishes one delta; resolves the stream seq that stored it. */
  send(delta: { nodes?: TestNode[]; edges?: ReturnType<TestSession["edge"]>[]; removeNodes?: string[] }): Promise<number> {
    const data = {
      request_id: null,
      nodes_added: delta.nodes ?? [],
      edges_added: delta.edges ?? [],
      nodes_removed: (delta.removeNodes ?? []).map((l) => this.idOf(l)),
      edges_removed: [],
    };
    return publish(this.nc, `smith.events.graph.${this.id}`, JSON.stringify({ type: "GraphDelta", data }));
  }
}
