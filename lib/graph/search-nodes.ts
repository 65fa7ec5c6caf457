import type { GraphNodeItem } from "@/lib/contract/sessions";

/**
 * Nodes whose label, node type, id or any metadata value contains `query`
 * (case-insensitive), in graph order. An empty query matches nothing.
 */
export function searchNodes(nodes: readonly GraphNodeItem[], query: string): string[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const hit = (s: string) => s.toLowerCase().includes(q);
  return nodes
    .filter((n) => hit(n.label) || hit(n.nodeType) || hit(n.id) || Object.values(n.metadata).some(hit))
    .map((n) => n.id);
}
