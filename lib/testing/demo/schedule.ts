import { MinHeap } from "./min-heap";
import type { DemoMessage } from "./types";

interface Entry {
  message: DemoMessage;
  seq: number;
}

/**
 * Pending messages by `atMs`, ties broken by insertion order, so that flows can
 * schedule their future messages and the stream still comes out in time order,
 * deterministically.
 */
export class Schedule {
  private heap = new MinHeap<Entry>(
    (a, b) =>
      a.message.atMs < b.message.atMs || (a.message.atMs === b.message.atMs && a.seq < b.seq),
  );
  private seq = 0;

  get size(): number {
    return this.heap.size;
  }

  push(message: DemoMessage): void {
    this.heap.push({ message, seq: this.seq++ });
  }

  peekAt(): number {
    return this.heap.peek()?.message.atMs ?? Number.POSITIVE_INFINITY;
  }

  pop(): DemoMessage | undefined {
    return this.heap.pop()?.message;
  }
}
