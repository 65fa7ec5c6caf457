import ELK from "elkjs/lib/elk.bundled.js";
import { answerLayoutRequest } from "./layout-answer";
import type { LayoutRequestMessage } from "./layout-protocol";
import type { OpenLayoutChannel } from "./layout-requests";

/** The layout thread, run in the test's process: real ELK, the thread's own answer code. */
export function inProcessLayout(log: LayoutRequestMessage[] = []): OpenLayoutChannel {
  const elk = new ELK();
  return (onAnswer) => ({
    post: (message) => {
      log.push(message);
      void answerLayoutRequest(elk, message).then((a) => a && onAnswer(a));
    },
    terminate: () => undefined,
  });
}
