import type { GraphNode } from "@/lib/protocol/smith-graph";
import { decodeMessage } from "@/lib/protocol/subjects";
import type { GraphNodeItem, SessionGraph } from "@/lib/contract/sessions";
import { applyGraphChanges, deltaChange } from "./apply-delta";
import { plannerDelta, plannerSessionId } from "@/lib/protocol/planner-delta";

/** What the live view needs of a stream message. */
export interface PlannerLiveMessage {
  seq: number;
  subject: string;
  data: Uint8Array | string;
  storedAtMs: number;
}

/** Planner subjects the live view follows: one filter (nats-server 2.9 takes one a consumer). */
export const PLANNER_FILTER_SUBJECT = "smith.planner_exec.>";

function wireNode(n: GraphNodeItem): GraphNode {
  return { id: n.id, label: n.label, node_type: n.nodeType, metadata: n.metadata };
}

/**
 * A planner session's graph after live messages: each message of this session becomes
 * its GraphDelta over the graph so far (the mapping the index runs at write time, in the
 * same stream order), so the view equals a freshly loaded one. Messages of other
 * sessions, and ones the index quarantined, change nothing. `times` lists the seqs that
 * changed the graph, with when the stream stored them (ns), for the scrubber.
 */
export function applyPlannerMessages(
  graph: SessionGraph,
  messages: readonly PlannerLiveMessage[],
): { graph: SessionGraph; times: [number, string][] } {
  let g = graph;
  const times: [number, string][] = [];
  for (const m of messages) {
    if (m.seq <= g.asOfSeq) continue;
    const d = decodeMessage(m.subject, m.data);
    if (!d.ok || (d.kind !== "planner-event" && d.kind !== "workflow-update")) continue;
    if (plannerSessionId(d) !== graph.sessionId) continue;
    const out = plannerDelta(d, g.nodes.map(wireNode));
    if (!out) continue;
    g = applyGraphChanges(g, [deltaChange(m.seq, out.delta)]);
    times.push([m.seq, `${BigInt(m.storedAtMs) * 1_000_000n}`]);
  }
  return { graph: g, times };
}
