import "server-only";
import { PLANNER_NODE_TYPES, plannerDelta, plannerSessionId, type PlannerMessage } from "@/lib/protocol/planner-delta";
import type { GraphNode } from "@/lib/protocol/smith-graph";
import type { Db } from "../core/db";
import { PRESENT } from "./graph";
import type { IngestRecord } from "../core/types";
import { stringRecord } from "../core/values";
import type { GraphWriter } from "./write";

interface PriorRow {
  node_id: string;
  label: string;
  node_type: string;
  metadata: string;
}

/**
 * Planner workflows into the graph tables: each message becomes the GraphDelta it implies
 * (lib/protocol/planner-delta.ts, the function the live view runs too) over the session's
 * planner nodes so far, and is written like any delta, so history, time travel and the
 * sessions list treat the workflow as a session like any other.
 */
export function createPlannerWriter(db: Db, graph: GraphWriter) {
  const types = JSON.stringify(PLANNER_NODE_TYPES);
  const priorNodes = db.prepare<PriorRow>(`SELECT node_id, label, node_type, metadata FROM graph_nodes
    WHERE session_id = ? AND node_type IN (SELECT value FROM json_each('${types}')) AND ${PRESENT}`);

  return {
    apply(r: IngestRecord, message: PlannerMessage, gather: boolean): void {
      const sessionId = plannerSessionId(message);
      if (sessionId === null) return;
      // The prior state must include what this batch gathered and has not written yet.
      graph.flush();
      const prior: GraphNode[] = priorNodes
        .all(sessionId)
        .map((n) => ({ id: n.node_id, label: n.label, node_type: n.node_type, metadata: stringRecord(n.metadata) }));
      const d = plannerDelta(message, prior);
      if (d) graph.apply(r, d.sessionId, d.delta, gather, "planner");
    },
  };
}
