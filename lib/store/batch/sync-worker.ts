import "server-only";
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from "node:worker_threads";

/*
 * A worker thread a synchronous caller can use. The store's API is synchronous (a batch
 * is one transaction), so the caller posts chunks of work, goes on with its own, and
 * collects each answer with Atomics.wait + receiveMessageOnPort when it needs it.
 *
 * The worker's side of the protocol (see the sources in ed25519-worker.ts and
 * decode-worker.ts): `workerData` holds `port` and `state`, an Int32Array over a
 * SharedArrayBuffer; it sets state[1] to 1 once it listens; for each `{ id, ... }`
 * posted it posts `{ id, out }` back on the port, THEN adds 1 to state[0] and notifies,
 * so that a counted answer is always there to be received. DYING (below) is run first in
 * the worker: a worker that throws sets state[2] before it ends, as its 'error' event
 * cannot reach a caller that is blocked waiting.
 */

/** The first lines of a worker's source: report death in state[2], wake the caller. */
export const DYING = `
{
  const flags = new Int32Array(require("node:worker_threads").workerData.state);
  process.on("uncaughtException", () => {
    Atomics.store(flags, 2, 1);
    Atomics.notify(flags, 0);
    process.exit(1);
  });
}
`;

interface Answer {
  id: number;
  out: unknown[];
}

function isAnswer(value: unknown): value is Answer {
  return (
    value !== null &&
    typeof value === "object" &&
    "id" in value &&
    typeof value.id === "number" &&
    "out" in value &&
    Array.isArray(value.out)
  );
}

/** Longer than any chunk can take; a worker that does not answer by then is given up. */
const WAIT_MS = 10_000;

export class SyncWorker {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  /** [0]: chunks answered, [1]: 1 once the worker listens, [2]: 1 once it died. */
  readonly #flags: Int32Array;
  #dead = false;
  #nextId = 1;
  #drained = 0;
  readonly #answers = new Map<number, unknown[]>();
  /** Chunks whose answers nobody will take: dropped when they arrive. */
  readonly #abandoned = new Set<number>();

  /** `source`: the worker's code, run with `eval`; `data`: more of its `workerData`. */
  constructor(source: string, data: Readonly<Record<string, unknown>> = {}) {
    const state = new SharedArrayBuffer(12);
    this.#flags = new Int32Array(state);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(DYING + source, {
      eval: true,
      workerData: { ...data, port: port2, state },
      transferList: [port2],
    });
    // Never keeps the process alive: callers can always do the work themselves.
    this.#worker.unref();
    this.#worker.on("error", () => (this.#dead = true));
    this.#worker.on("exit", () => (this.#dead = true));
  }

  /** Listening and alive: until then, callers do the work on their own thread. */
  get ready(): boolean {
    return !this.#gone() && Atomics.load(this.#flags, 1) === 1;
  }

  #gone(): boolean {
    if (Atomics.load(this.#flags, 2) === 1) this.#dead = true;
    return this.#dead;
  }

  /** Sends a chunk of work; its answer is taken with the id returned. */
  post(work: Readonly<Record<string, unknown>>, transfer: ArrayBuffer[] = []): number {
    const id = this.#nextId++;
    this.#port.postMessage({ ...work, id }, transfer);
    return id;
  }

  /** The chunk's answers if they are in, without waiting; undefined if not yet. */
  poll(id: number): unknown[] | null | undefined {
    this.#drain();
    const found = this.#answers.get(id);
    if (found) this.#answers.delete(id);
    return found ?? (this.#gone() ? null : undefined);
  }

  /** Receives every answer counted so far. */
  #drain(): void {
    while (this.#drained < Atomics.load(this.#flags, 0)) {
      let msg: unknown;
      try {
        msg = receiveMessageOnPort(this.#port)?.message;
      } catch {
        // An answer this thread cannot take in (too deeply nested to deserialize): it is
        // lost, and which chunk it answered with it. Callers do the work themselves.
        this.#dead = true;
        void this.#worker.terminate();
        return;
      }
      if (!msg) return;
      this.#drained++;
      if (isAnswer(msg) && !this.#abandoned.delete(msg.id)) this.#answers.set(msg.id, msg.out);
    }
  }

  /** The chunk's answers, waiting for them; null when the worker died or hung. */
  take(id: number): unknown[] | null {
    for (;;) {
      const found = this.#answers.get(id);
      if (found) {
        this.#answers.delete(id);
        return found;
      }
      if (this.#gone()) return null;
      const answered = Atomics.load(this.#flags, 0);
      if (this.#drained < answered) {
        this.#drain();
        continue;
      }
      if (Atomics.wait(this.#flags, 0, answered, WAIT_MS) === "timed-out") {
        this.#dead = true;
        void this.#worker.terminate();
        return null;
      }
    }
  }

  /** Drops answers nobody will take (a batch that failed half-way). */
  forget(ids: readonly number[]): void {
    for (const id of ids) if (!this.#answers.delete(id)) this.#abandoned.add(id);
  }
}
