import type { LayoutRequest } from "./elk-layout";
import { layoutAnswerMessageSchema } from "./layout-protocol";
import type { Point } from "./place-incremental";

export interface LayoutResult {
  positions: Map<string, Point>;
  ms: number;
}

/**
 * The page's handle on the layout worker: one worker, requests answered in order, and a
 * request superseded by a newer one is still answered (the caller drops stale answers).
 */
export class LayoutClient {
  private worker: Worker | null = null;
  private next = 1;
  private waiting = new Map<number, { resolve: (r: LayoutResult) => void; reject: (e: Error) => void }>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<unknown>) => {
      const parsed = layoutAnswerMessageSchema.safeParse(event.data);
      if (!parsed.success) return;
      const answer = parsed.data;
      const w = this.waiting.get(answer.id);
      if (!w) return;
      this.waiting.delete(answer.id);
      if (!answer.ok) return w.reject(new Error(`layout failed: ${answer.error}`));
      const positions = new Map<string, Point>();
      answer.ids.forEach((id, i) => positions.set(id, { x: answer.xy[2 * i] ?? 0, y: answer.xy[2 * i + 1] ?? 0 }));
      w.resolve({ positions, ms: answer.ms });
    };
    worker.onerror = (event) => {
      const error = new Error(`layout worker failed: ${event.message}`);
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    this.worker = worker;
    return worker;
  }

  /**
   * Starts the worker and has ELK lay out a tiny graph: loading and compiling ELK's code
   * then overlaps the page's hydration instead of delaying the first real layout.
   */
  warmUp(): void {
    void this.layout({
      nodes: [
        { id: "a", width: 10, height: 10 },
        { id: "b", width: 10, height: 10 },
      ],
      edges: [{ id: "e", from: "a", to: "b" }],
    }).catch(() => undefined);
  }

  layout(request: LayoutRequest): Promise<LayoutResult> {
    const id = this.next++;
    const worker = this.ensure();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, nodes: request.nodes, edges: request.edges });
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(new Error("layout cancelled"));
    this.waiting.clear();
  }
}

let shared: LayoutClient | null = null;

/** The tab's one layout worker, shared by every DAG view it shows (started on first use). */
export function sharedLayoutClient(): LayoutClient {
  shared ??= new LayoutClient();
  return shared;
}
