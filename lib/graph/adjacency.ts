import type { GraphEdgeItem } from "@/lib/contract/sessions";

export interface Adjacency {
  parents: ReadonlyMap<string, readonly string[]>;
  children: ReadonlyMap<string, readonly string[]>;
  /** Every node with a parent, each after all its parents (Kahn); nodes on a cycle are left out. */
  order: readonly string[];
}

// A live status delta keeps the graph's edge list (applyGraphChanges): the structure of a
// 10,000-node graph is then not rebuilt on every delta.
const known = new WeakMap<readonly object[], Adjacency>();

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Parents and children of every node, from the drawable edges (the same list, the same answer). */
export function adjacency(edges: readonly Pick<GraphEdgeItem, "from" | "to">[]): Adjacency {
  const cached = known.get(edges);
  if (cached) return cached;
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of edges) {
    push(parents, e.to, e.from);
    push(children, e.from, e.to);
  }
  const answer = { parents, children, order: topologicalOrder(parents, children) };
  known.set(edges, answer);
  return answer;
}

function topologicalOrder(parents: Map<string, string[]>, children: Map<string, string[]>): string[] {
  const waiting = new Map<string, number>();
  for (const [id, ps] of parents) waiting.set(id, ps.length);
  const ready = [...children.keys()].filter((id) => !parents.has(id));
  const order: string[] = [];
  for (let id = ready.pop(); id !== undefined; id = ready.pop()) {
    if (parents.has(id)) order.push(id);
    for (const c of children.get(id) ?? []) {
      const left = (waiting.get(c) ?? 1) - 1;
      waiting.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  return order;
}

/** Every node reachable from `start` by following `next` (start included). */
export function reachable(start: Iterable<string>, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    for (const n of next.get(id) ?? []) if (!seen.has(n)) stack.push(n);
  }
  return seen;
}
