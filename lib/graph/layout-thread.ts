import { parentPort } from "node:worker_threads";
import ELK from "elkjs/lib/elk.bundled.js";
import { answerLayoutRequest } from "./layout-answer";

/**
 * The server's layout thread: the same ELK layered as the browser's worker, kept hot by a
 * long-lived process, so a session page can ship with its graph already laid out.
 */
const elk = new ELK();

parentPort?.on("message", (data: unknown) => {
  void answerLayoutRequest(elk, data).then((answer) => {
    if (answer) parentPort?.postMessage(answer, answer.ok ? [answer.xy.buffer] : []);
  });
});
