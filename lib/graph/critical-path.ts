import type { GraphEdgeItem, GraphNodeItem } from "@/lib/contract/sessions";
import { adjacency, reachable } from "./adjacency";
import { nodeDurationMs } from "./statuses";

export interface CriticalPath {
  nodes: Set<string>;
  edges: Set<string>;
  /** The sum of the path's node durations (ms). */
  totalMs: number;
}

/**
 * The longest-duration path from a root (a node without parents) to `target`: the chain of
 * steps that decided when `target` could finish. A node's weight is its
 * `metadata.duration_ms` (0 when unknown). Cycles, which a DAG should not have, are cut.
 */
export function criticalPath(
  nodes: readonly GraphNodeItem[],
  edges: readonly GraphEdgeItem[],
  target: string,
): CriticalPath {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  if (!byId.has(target)) return { nodes: new Set(), edges: new Set(), totalMs: 0 };
  const { parents } = adjacency(edges);
  const ancestors = reachable([target], parents);
  const edgeOf = new Map(edges.map((e) => [`${e.from}>${e.to}`, e.id]));

  // Longest path into each ancestor, memoised; an iterative DFS keeps deep chains off the stack.
  const best = new Map<string, { total: number; via: string | null }>();
  const onStack = new Set<string>();
  const stack: { id: string; expanded: boolean }[] = [{ id: target, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (!top) break;
    if (best.has(top.id)) {
      stack.pop();
      continue;
    }
    const ps = (parents.get(top.id) ?? []).filter((p) => ancestors.has(p));
    if (!top.expanded) {
      top.expanded = true;
      onStack.add(top.id);
      for (const p of ps) if (!best.has(p) && !onStack.has(p)) stack.push({ id: p, expanded: false });
      continue;
    }
    stack.pop();
    onStack.delete(top.id);
    let via: string | null = null;
    let into = 0;
    for (const p of ps) {
      const b = best.get(p);
      if (b && (via === null || b.total > into)) {
        via = p;
        into = b.total;
      }
    }
    const own = nodeDurationMs(byId.get(top.id) ?? { metadata: {} }) ?? 0;
    best.set(top.id, { total: into + own, via });
  }

  const path = { nodes: new Set<string>(), edges: new Set<string>(), totalMs: best.get(target)?.total ?? 0 };
  for (let id: string | null = target; id !== null && !path.nodes.has(id); id = best.get(id)?.via ?? null) {
    path.nodes.add(id);
    const via = best.get(id)?.via;
    const edge = via ? edgeOf.get(`${via}>${id}`) : undefined;
    if (edge) path.edges.add(edge);
  }
  return path;
}

/** The node the critical path ends at when none is selected: the most recently changed one. */
export function lastChangedNode(nodes: readonly GraphNodeItem[]): string | null {
  let last: GraphNodeItem | null = null;
  for (const n of nodes) if (!last || n.version > last.version) last = n;
  return last?.id ?? null;
}
