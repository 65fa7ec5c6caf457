import { LayoutRequests } from "./layout-requests";

export type { LayoutResult } from "./layout-requests";

let shared: LayoutRequests | null = null;

/** The tab's one layout worker, shared by every DAG view it shows (started on first use). */
export function sharedLayoutClient(): LayoutRequests {
  shared ??= new LayoutRequests((onAnswer, onFailure) => {
    const worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<unknown>) => onAnswer(event.data);
    worker.onerror = (event) => onFailure(new Error(`layout worker failed: ${event.message}`));
    return { post: (message) => worker.postMessage(message), terminate: () => worker.terminate() };
  });
  return shared;
}
