import type { ElkNode } from "elkjs/lib/elk-api";
import { positionsOf, toElkGraph } from "./elk-layout";
import { packPositions } from "./packed-positions";
import { layoutRequestMessageSchema, type LayoutAnswerMessage } from "./layout-protocol";

interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/**
 * One layout request as a layout thread answers it (the browser's Web Worker and the
 * server's worker thread alike): positions packed into one transferable array. A message
 * that is not a request gets no answer.
 */
export async function answerLayoutRequest(elk: Elk, data: unknown): Promise<LayoutAnswerMessage | null> {
  const parsed = layoutRequestMessageSchema.safeParse(data);
  if (!parsed.success) return null;
  const { id, nodes, edges } = parsed.data;
  const started = performance.now();
  try {
    const { ids, xy } = packPositions(positionsOf(await elk.layout(toElkGraph({ nodes, edges }))));
    return { id, ok: true, ids, xy, ms: performance.now() - started };
  } catch (err) {
    return { id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
