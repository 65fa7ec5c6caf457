import type { LayoutRequest } from "./elk-layout";
import { layoutAnswerMessageSchema, type LayoutRequestMessage } from "./layout-protocol";
import { unpackPositions } from "./packed-positions";
import type { Point } from "./place-incremental";

export interface LayoutResult {
  positions: Map<string, Point>;
  ms: number;
}

/** A layout thread as its owner sees it: the browser's Web Worker or a server worker thread. */
export interface LayoutChannel {
  post(message: LayoutRequestMessage): void;
  terminate(): void;
}

export type OpenLayoutChannel = (onAnswer: (data: unknown) => void, onFailure: (error: Error) => void) => LayoutChannel;

/**
 * Requests to one layout thread, answered in order; a request superseded by a newer one is
 * still answered (the caller drops stale answers). A thread that fails fails what it was
 * asked, and the next request starts a new one.
 */
export class LayoutRequests {
  private channel: LayoutChannel | null = null;
  private next = 1;
  private opened = 0;
  private waiting = new Map<number, { resolve: (r: LayoutResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly open: OpenLayoutChannel) {}

  private ensure(): LayoutChannel {
    if (this.channel) return this.channel;
    const opened = ++this.opened;
    this.channel = this.open(
      (data) => this.answered(data),
      (error) => {
        // A thread reports its end more than once (an error, then its exit): only the
        // current thread's failure may end what is waiting, never a later thread's work.
        if (opened !== this.opened || !this.channel) return;
        this.channel.terminate();
        this.channel = null;
        this.failAll(error);
      },
    );
    return this.channel;
  }

  private answered(data: unknown): void {
    const parsed = layoutAnswerMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const answer = parsed.data;
    const w = this.waiting.get(answer.id);
    if (!w) return;
    this.waiting.delete(answer.id);
    if (!answer.ok) return w.reject(new Error(`layout failed: ${answer.error}`));
    w.resolve({ positions: unpackPositions(answer.ids, answer.xy), ms: answer.ms });
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  /** Requests not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  layout(request: LayoutRequest): Promise<LayoutResult> {
    const id = this.next++;
    const channel = this.ensure();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      channel.post({ id, nodes: request.nodes, edges: request.edges });
    });
  }

  /**
   * Starts the thread and has ELK lay out a layered graph of `size` nodes `rounds` times
 * (fewer once `stop` says a real request wants the thread):
   * ELK's code is compiled and optimised by then, and the first real layout runs at full
   * speed instead of several times slower.
   */
  async warmUp(size: number, rounds: number, stop: () => boolean = () => false): Promise<void> {
    const request = warmUpGraph(size);
    for (let i = 0; i < rounds && !stop(); i++) await this.layout(request).catch(() => undefined);
  }

  dispose(): void {
    this.channel?.terminate();
    this.channel = null;
    this.failAll(new Error("layout cancelled"));
  }
}

/** Chains fanning out from a root and merging again, like an agent's plan. */
function warmUpGraph(size: number): LayoutRequest {
  const nodes = Array.from({ length: size }, (_, i) => ({ id: `n${i}`, width: 200, height: 60 }));
  const edges: LayoutRequest["edges"] = [];
  for (let i = 1; i < size; i++) {
    edges.push({ id: `e${i}`, from: `n${Math.floor((i - 1) / 3)}`, to: `n${i}` });
    if (i % 7 === 0 && i > 8) edges.push({ id: `m${i}`, from: `n${i - 5}`, to: `n${i}` });
  }
  return { nodes, edges };
}
