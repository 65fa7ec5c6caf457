import type { GraphEdgeItem, GraphNodeItem } from "@/lib/contract/sessions";
import { adjacency, reachable, type Adjacency } from "./adjacency";
import { isFailed } from "./statuses";

/** More siblings than this, of one parent with the same node type and status, collapse. */
export const FAN_OUT_LIMIT = 50;

export interface TaskView {
  kind: "task";
  id: string;
  node: GraphNodeItem;
}

/**
 * A fan-out shown as one counted node; `expandKey` opens it (and its siblings of that
 * type). The branches that hang only from its members fold into it too (`downstream`),
 * so that a planner's hundreds of branches read as a few groups until opened.
 */
export interface GroupView {
  kind: "group";
  id: string;
  parent: string;
  nodeType: string;
  status: string | null;
  members: string[];
  downstream: string[];
  /** Failed nodes among the members and downstream: a collapsed failure still shows. */
  failed: number;
  expandKey: string;
}

export type ViewNode = TaskView | GroupView;

export interface ViewEdge {
  id: string;
  from: string;
  to: string;
  /** The graph's edges this one stands for (several when it joins a group). */
  edges: GraphEdgeItem[];
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Node id → the id of what shows it (itself, or its group); absent when filtered out. */
  shownAs: Map<string, string>;
}

export interface ViewOptions {
  /** Expand keys of the fan-outs the person opened. */
  expanded: ReadonlySet<string>;
  /** Only failed nodes and their ancestors. */
  failuresOnly: boolean;
}

export function expandKeyOf(parent: string, nodeType: string): string {
  return `${parent}\u0000${nodeType}`;
}

/**
 * What the canvas draws: the graph, optionally reduced to failures and their ancestors,
 * with every fan-out of more than FAN_OUT_LIMIT same-type, same-status siblings of one
 * parent collapsed into a group node unless the person expanded it.
 */
type GraphLike = { nodes: readonly GraphNodeItem[]; edges: readonly GraphEdgeItem[] };
/** Fan-out siblings: parent → node type → status → the nodes. */
type Fans = Map<string, Map<string, Map<string, GraphNodeItem[]>>>;

export function buildView(graph: GraphLike, opts: ViewOptions): ViewGraph {
  return buildWithFans(graph, opts).view;
}

function buildWithFans(graph: GraphLike, opts: ViewOptions): { view: ViewGraph; fans: Fans } {
  let nodes = graph.nodes;
  let edges = graph.edges;
  if (opts.failuresOnly) {
    const keep = reachable(
      nodes.filter(isFailed).map((n) => n.id),
      adjacency(edges).parents,
    );
    nodes = nodes.filter((n) => keep.has(n.id));
    edges = edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  }
  const structure = adjacency(edges);
  const { parents } = structure;

  // Parent → node type → status → siblings, keyed by the graph's own strings: a live delta
  // rebuilds the view of a 10,000-node graph, and a key string made per node cost most of it.
  const fans: Fans = new Map();
  const anyExpanded = opts.expanded.size > 0;
  for (const n of nodes) {
    const ps = parents.get(n.id);
    const parent = ps?.length === 1 ? ps[0] : undefined;
    if (parent === undefined || (anyExpanded && opts.expanded.has(expandKeyOf(parent, n.nodeType)))) continue;
    let byType = fans.get(parent);
    if (!byType) fans.set(parent, (byType = new Map()));
    let byStatus = byType.get(n.nodeType);
    if (!byStatus) byType.set(n.nodeType, (byStatus = new Map()));
    const status = n.status ?? "";
    const list = byStatus.get(status);
    if (list) list.push(n);
    else byStatus.set(status, [n]);
  }

  const shownAs = new Map<string, string>();
  const groups = new Map<string, GroupView>();
  const siblings = [...fans.values()].flatMap((byType) => [...byType.values()].flatMap((byStatus) => [...byStatus.values()]));
  for (const members of siblings) {
    if (members.length <= FAN_OUT_LIMIT) continue;
    const first = members[0];
    const parent = first ? (parents.get(first.id)?.[0] ?? "") : "";
    if (!first) continue;
    const id = `group:${parent}:${first.nodeType}:${first.status ?? "none"}`;
    groups.set(id, {
      kind: "group",
      id,
      parent,
      nodeType: first.nodeType,
      status: first.status,
      members: members.map((m) => m.id),
      downstream: [],
      failed: 0,
      expandKey: expandKeyOf(parent, first.nodeType),
    });
    for (const m of members) shownAs.set(m.id, id);
  }
  if (groups.size > 0) {
    foldDownstream(structure, shownAs, groups);
    for (const n of nodes) {
      const g = isFailed(n) ? groups.get(shownAs.get(n.id) ?? "") : undefined;
      if (g) g.failed++;
    }
  }

  const out: ViewNode[] = [];
  const placedGroups = new Set<string>();
  for (const n of nodes) {
    const group = shownAs.get(n.id);
    if (group === undefined) {
      shownAs.set(n.id, n.id);
      out.push({ kind: "task", id: n.id, node: n });
    } else if (!placedGroups.has(group)) {
      placedGroups.add(group);
      const g = groups.get(group);
      if (g) out.push(g);
    }
  }

  const viewEdges = new Map<string, ViewEdge>();
  for (const e of edges) {
    const from = shownAs.get(e.from);
    const to = shownAs.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const id = from === e.from && to === e.to ? e.id : `joined:${from}>${to}`;
    const existing = viewEdges.get(id);
    if (existing) existing.edges.push(e);
    else viewEdges.set(id, { id, from, to, edges: [e] });
  }
  return { view: { nodes: out, edges: [...viewEdges.values()], shownAs }, fans };
}

/**
 * Folds into a group every node all of whose parents are folded into that same group, in
 * topological order (a join of two groups, or of a group and a visible node, stays shown).
 */
function foldDownstream({ parents, order }: Adjacency, shownAs: Map<string, string>, groups: Map<string, GroupView>): void {
  for (const id of order) {
    if (shownAs.has(id)) continue;
    const ps = parents.get(id) ?? [];
    const into = shownAs.get(ps[0] ?? "");
    const group = into === undefined ? undefined : groups.get(into);
    if (!group || !ps.every((p) => shownAs.get(p) === into)) continue;
    shownAs.set(id, group.id);
    group.downstream.push(id);
  }
}

/** Above this many changed nodes a view is rebuilt whole. */
const PATCH_LIMIT = 64;

/**
 * buildView, for a view that follows a live graph. A delta that changes only nodes drawn
 * as themselves (not in a fan-out group), keeps their type, and leaves every fan-out at
 * or under the limit does not move anything in the view: their entries are replaced and
 * the rest (edges, groups, the id → shown-as map) kept, instead of a rebuild that walks
 * every node and edge (~50 ms for 10,000 nodes in a browser, on every status change).
 * The graph's items keep their identity while unchanged (applyGraphChanges), which is how
 * changed nodes are found. The answer always equals buildView's.
 */
export class ViewBuilder {
  private last: { graph: GraphLike; opts: ViewOptions; view: ViewGraph; fans: Fans } | null = null;

  build(graph: GraphLike, opts: ViewOptions): ViewGraph {
    const patched = this.last ? this.patch(this.last, graph, opts) : null;
    if (patched) return patched;
    const { view, fans } = buildWithFans(graph, opts);
    this.last = { graph, opts, view, fans };
    return view;
  }

  private patch(last: NonNullable<ViewBuilder["last"]>, graph: GraphLike, opts: ViewOptions): ViewGraph | null {
    if (
      opts.failuresOnly ||
      last.opts.failuresOnly ||
      opts.expanded !== last.opts.expanded ||
      graph.edges !== last.graph.edges ||
      graph.nodes.length !== last.graph.nodes.length
    )
      return null;
    const changed: [GraphNodeItem, GraphNodeItem][] = [];
    for (let i = 0; i < graph.nodes.length; i++) {
      const now = graph.nodes[i];
      const was = last.graph.nodes[i];
      if (now === was) continue;
      if (!now || !was || now.id !== was.id || now.nodeType !== was.nodeType) return null;
      if (last.view.shownAs.get(now.id) !== now.id || changed.length === PATCH_LIMIT) return null;
      changed.push([was, now]);
    }
    // Each changed node moves from its old status's list of fan-out siblings to its new
    // one's; if any list grows over the limit, the moved siblings form a group: rebuild.
    const { parents } = adjacency(graph.edges);
    const grown: GraphNodeItem[][] = [];
    for (const [was, now] of changed) {
      const ps = parents.get(now.id);
      const parent = ps?.length === 1 ? ps[0] : undefined;
      // Drawn as itself: no single parent, expanded (no siblings list), or in a small fan-out.
      const byStatus = parent === undefined ? undefined : last.fans.get(parent)?.get(now.nodeType);
      if (!byStatus) continue;
      const from = byStatus.get(was.status ?? "");
      const at = from?.indexOf(was) ?? -1;
      if (at >= 0) from?.splice(at, 1);
      const status = now.status ?? "";
      const into = byStatus.get(status) ?? [];
      into.push(now);
      byStatus.set(status, into);
      grown.push(into);
    }
    // (The fan-out lists are changed either way: a rebuild replaces them.)
    if (grown.some((list) => list.length > FAN_OUT_LIMIT)) return null;
    const byId = new Map(changed.map(([, now]) => [now.id, now]));
    const view: ViewGraph = {
      nodes: last.view.nodes.map((v) => {
        const now = v.kind === "task" ? byId.get(v.id) : undefined;
        return now ? { kind: "task", id: v.id, node: now } : v;
      }),
      edges: last.view.edges,
      shownAs: last.view.shownAs,
    };
    this.last = { graph, opts, view, fans: last.fans };
    return view;
  }
}
