import type { GraphEdgeItem } from "@/lib/queries/sessions-schema";

export interface Adjacency {
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Parents and children of every node, from the drawable edges. */
export function adjacency(edges: readonly Pick<GraphEdgeItem, "from" | "to">[]): Adjacency {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const e of edges) {
    push(parents, e.to, e.from);
    push(children, e.from, e.to);
  }
  return { parents, children };
}

/** Every node reachable from `start` by following `next` (start included). */
export function reachable(start: Iterable<string>, next: Map<string, string[]>): Set<string> {
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
