/// <reference lib="webworker" />
import ELK from "elkjs/lib/elk.bundled.js";
import { answerLayoutRequest } from "./layout-answer";

/**
 * ELK layered, off the main thread. elk.bundled.js installs its own `onmessage` when it
 * finds itself in a worker; this one replaces it, as ELK runs here synchronously anyway.
 */
const elk = new ELK();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<unknown>) => {
  const answer = await answerLayoutRequest(elk, event.data);
  if (answer) scope.postMessage(answer, answer.ok ? [answer.xy.buffer] : []);
};
