/// <reference lib="webworker" />
import ELK from "elkjs/lib/elk.bundled.js";
import { positionsOf, toElkGraph } from "./elk-layout";
import { layoutRequestMessageSchema, type LayoutAnswerMessage } from "./layout-protocol";

/**
 * ELK layered, off the main thread. elk.bundled.js installs its own `onmessage` when it
 * finds itself in a worker; this one replaces it, as ELK runs here synchronously anyway.
 */
const elk = new ELK();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<unknown>) => {
  const parsed = layoutRequestMessageSchema.safeParse(event.data);
  if (!parsed.success) return;
  const { id, nodes, edges } = parsed.data;
  const started = performance.now();
  try {
    const laidOut = await elk.layout(toElkGraph({ nodes, edges }));
    const positions = positionsOf(laidOut);
    const ids = [...positions.keys()];
    const xy = new Float64Array(ids.length * 2);
    ids.forEach((k, i) => {
      const p = positions.get(k);
      xy[2 * i] = p?.x ?? 0;
      xy[2 * i + 1] = p?.y ?? 0;
    });
    const answer: LayoutAnswerMessage = { id, ok: true, ids, xy, ms: performance.now() - started };
    scope.postMessage(answer, [xy.buffer]);
  } catch (err) {
    const answer: LayoutAnswerMessage = { id, ok: false, error: err instanceof Error ? err.message : String(err) };
    scope.postMessage(answer);
  }
};
