import "server-only";
import type { SessionGraph, SessionLayout } from "@/lib/contract/sessions";
import { layoutRequestOf } from "./elk-layout";
import { packPositions } from "./packed-positions";
import { SERVER_LAYOUT_MAX_NODES, serverLayout, ServerLayoutBusy, type ServerLayout } from "./server-layout";
import { buildView } from "./view-graph";

export type SessionLayoutOutcome = { ok: true; layout: SessionLayout } | { ok: false; status: 422 | 503; error: string };

/** The lenses a session page opens with: every large fan-out collapsed, nothing filtered. */
const OPENING_VIEW = { expanded: new Set<string>(), failuresOnly: false };

/**
 * Lays out the view a session page opens with on the server's layout thread. A graph too
 * large for it, or a busy or failing thread, is an answer the page reads as "lay it out
 * yourself", never an error page.
 */
export async function layoutSessionGraph(graph: SessionGraph, layout: ServerLayout = serverLayout()): Promise<SessionLayoutOutcome> {
  const view = buildView(graph, OPENING_VIEW);
  if (view.nodes.length > SERVER_LAYOUT_MAX_NODES) {
    return { ok: false, status: 422, error: `${view.nodes.length} nodes to lay out: above the server's ${SERVER_LAYOUT_MAX_NODES}, the browser lays them out` };
  }
  try {
    const result = await layout.layout(layoutRequestOf(view));
    const { ids, xy } = packPositions(result.positions);
    return { ok: true, layout: { sessionId: graph.sessionId, asOfSeq: graph.asOfSeq, ids, xy: Array.from(xy), ms: result.ms } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof ServerLayoutBusy)) console.error("[layout] the server's layout failed:", error);
    return { ok: false, status: 503, error: `the server could not lay out this graph: ${message}` };
  }
}
