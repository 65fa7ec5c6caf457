import type { DagShape } from "./dag-shape";
import type { ExecutionStatus } from "./intent-flow";
import { MinHeap } from "./min-heap";
import type { Prng } from "./prng";
import { durationFor } from "./result-output";

/**
 * Runs a DAG on a pool of workers: nodes are added as the planner writes them, start
 * when their inputs are done and a worker is free, and end ok or failed; a failure
 * skips what depends on it. The result is a timeline of node snapshots.
 */

export type NodeStatus =
  "pending" | "running" | "ok" | "error" | "denied" | "timeout" | "killed" | "skipped";

export interface NodeEvent {
  atMs: number;
  kind: "add" | "update" | "remove";
  node: number;
  status: NodeStatus;
  /** Metadata beyond the node's static metadata (`status` included). */
  meta: Record<string, string>;
}

export interface IntentLink {
  intentId: string;
  status: ExecutionStatus;
  resultAtMs: number;
}

export interface RunOptions {
  startMs: number;
  workers: number;
  /** Remove one branch of a group before it runs (the planner changed its mind). */
  prune: boolean;
  /** Whether a tool node runs through a real intent; called at most once a node. */
  linkIntent: (node: number, atMs: number) => IntentLink | null;
}

const FROM_RESULT: Record<ExecutionStatus, NodeStatus> = {
  ok: "ok",
  success: "ok",
  error: "error",
  failed: "error",
  denied: "denied",
  timeout: "timeout",
  killed: "killed",
};

export function runDag(shape: DagShape, prng: Prng, opts: RunOptions): NodeEvent[] {
  const { nodes, groups } = shape;
  const events: NodeEvent[] = [];
  const addAt = new Array<number>(nodes.length).fill(opts.startMs);
  const gap = nodes.length > 300 ? 260 : prng.int(150, 450);
  groups.forEach((members, g) => members.forEach((i) => (addAt[i] = opts.startMs + 400 + g * gap)));
  addAt[nodes.length - 1] = opts.startMs + 401 + Math.max(0, groups.length - 1) * gap;
  nodes.forEach((n) =>
    events.push({
      atMs: addAt[n.index] ?? 0,
      kind: "add",
      node: n.index,
      status: "pending",
      meta: { status: "pending" },
    }),
  );

  // Pruning: the last branch of a group with more than one branch disappears before it runs.
  const removedAt = new Map<number, number>();
  if (opts.prune) {
    const candidates = groups.filter(
      (m) => (nodes[m[m.length - 1] ?? -1]?.parents.length ?? 0) > 1,
    );
    const members = candidates.length > 0 ? prng.pick(candidates) : undefined;
    const agg = members ? nodes[members[members.length - 1] ?? -1] : undefined;
    let cur = agg ? agg.parents[agg.parents.length - 1] : undefined;
    const at = (addAt[cur ?? 0] ?? 0) + prng.int(900, 1600);
    while (cur !== undefined && cur !== 0) {
      removedAt.set(cur, at);
      events.push({ atMs: at, kind: "remove", node: cur, status: "pending", meta: {} });
      cur = nodes[cur]?.parents[0];
    }
  }

  const status = new Array<NodeStatus>(nodes.length).fill("pending");
  const finish = new Array<number>(nodes.length).fill(0);
  const unresolved = nodes.map((n) => n.parents.length);
  const workers = new Array<number>(Math.max(1, opts.workers)).fill(opts.startMs);
  const queue = new MinHeap<{ key: number; node: number }>(
    (a, b) => a.key < b.key || (a.key === b.key && a.node < b.node),
  );
  queue.push({ key: addAt[0] ?? opts.startMs, node: 0 });
  const resolve = (i: number) => {
    for (const c of nodes[i]?.children ?? []) {
      unresolved[c] = (unresolved[c] ?? 1) - 1;
      if (unresolved[c] === 0) {
        const child = nodes[c];
        let ready = (addAt[c] ?? 0) + prng.int(5, 40);
        for (const p of child?.parents ?? []) ready = Math.max(ready, finish[p] ?? 0);
        queue.push({ key: ready, node: c });
      }
    }
  };

  for (let next = queue.pop(); next; next = queue.pop()) {
    const { key: ready, node: i } = next;
    const node = nodes[i];
    if (!node) continue;
    const removal = removedAt.get(i);
    if (removal !== undefined) {
      finish[i] = Math.max(ready, removal);
      status[i] = "skipped";
      resolve(i);
      continue;
    }
    const live = node.parents.filter((p) => !removedAt.has(p));
    const okParents = live.filter((p) => status[p] === "ok").length;
    const blocked = node.tolerant ? live.length > 0 && okParents === 0 : okParents < live.length;
    if (blocked) {
      finish[i] = ready + prng.int(1, 20);
      status[i] = "skipped";
      events.push({
        atMs: finish[i] ?? ready,
        kind: "update",
        node: i,
        status: "skipped",
        meta: { status: "skipped" },
      });
      resolve(i);
      continue;
    }
    let w = 0;
    workers.forEach((free, k) => {
      if (free < (workers[w] ?? Infinity)) w = k;
    });
    const start = Math.max(ready, workers[w] ?? ready) + prng.int(3, 60);
    const link =
      node.capability && node.nodeType === "tool_call"
        ? opts.linkIntent(i, start + prng.int(5, 30))
        : null;
    const linkMeta: Record<string, string> = link ? { intent_id: link.intentId } : {};
    events.push({
      atMs: start,
      kind: "update",
      node: i,
      status: "running",
      meta: { status: "running", ...linkMeta },
    });
    let end: number;
    let final: NodeStatus;
    const extra: Record<string, string> = {};
    if (link) {
      end = link.resultAtMs + prng.int(5, 40);
      final = FROM_RESULT[link.status];
    } else if (node.nodeType === "tool_call" && node.capability) {
      end = start + Math.min(8000, durationFor(node.capability, prng)) + prng.int(20, 200);
      final = prng.weighted<NodeStatus>([
        ["ok", 90],
        ["error", 5],
        ["denied", 3],
        ["timeout", 1.5],
        ["killed", 0.5],
      ]);
    } else if (node.nodeType === "llm_call" || node.nodeType === "planner") {
      end =
        start +
        prng.logInt(
          node.nodeType === "planner" ? 800 : 600,
          node.nodeType === "planner" ? 3000 : 6000,
        );
      final =
        node.nodeType === "planner"
          ? nodes.length < 300 && prng.chance(0.03)
            ? "error"
            : "ok"
          : prng.weighted<NodeStatus>([
              ["ok", 96],
              ["error", 3],
              ["timeout", 1],
            ]);
      extra.tokens = String(prng.int(400, 12000));
    } else {
      end =
        start +
        prng.int(node.nodeType === "report" ? 300 : 50, node.nodeType === "report" ? 1500 : 400);
      final = "ok";
    }
    workers[w] = end;
    finish[i] = end;
    status[i] = final;
    const meta = {
      status: final,
      ...linkMeta,
      duration_ms: String(Math.round(end - start)),
      ...extra,
    };
    events.push({ atMs: end, kind: "update", node: i, status: final, meta });
    resolve(i);
  }
  return events;
}
