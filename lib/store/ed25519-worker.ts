import "server-only";
import { availableParallelism } from "node:os";
import {
  receiveMessageOnPort,
  Worker,
  MessageChannel,
  type MessagePort,
} from "node:worker_threads";

/*
 * Ed25519 checks on another thread. The check itself (OpenSSL, ~150 µs on a small VM) is
 * the largest single cost of indexing an intent, and ingest's thread has the SQL writes
 * to do meanwhile. The store's API is synchronous (a batch is one transaction), so the
 * main thread hands chunks of checks over, goes on decoding, and collects the answers
 * with Atomics.wait + receiveMessageOnPort when it writes the intents.
 *
 * The worker is a few lines of plain JavaScript run with `eval`, so that it needs no
 * bundling and starts the same under Next.js, tsx and Vitest. It answers with exactly
 * what node-ed25519.ts would (same key import, same `crypto.verify`), or null when the
 * check threw, in which case the caller checks again on its own thread and gets the same
 * verdict that throwing gives there.
 */

const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const { port, state } = workerData;
const flags = new Int32Array(state);
const PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const keys = new Map();
function keyFor(pub) {
  const id = Buffer.from(pub).toString("base64");
  let key = keys.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([PREFIX, pub]), format: "der", type: "spki" });
    if (keys.size >= 4096) keys.clear();
    keys.set(id, key);
  }
  return key;
}
port.on("message", (chunk) => {
  const out = chunk.jobs.map((j) => {
    try { return verify(null, j.message, keyFor(j.publicKey), j.signature); } catch { return null; }
  });
  port.postMessage({ id: chunk.id, out });
  Atomics.add(flags, 0, 1);
  Atomics.notify(flags, 0);
});
Atomics.store(flags, 1, 1);
Atomics.notify(flags, 1);
`;

export interface Ed25519Job {
  signature: Uint8Array;
  message: Uint8Array;
  publicKey: Uint8Array;
}

interface ChunkResult {
  id: number;
  out: (boolean | null)[];
}

function isChunkResult(value: unknown): value is ChunkResult {
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

class Ed25519Worker {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  /** [0]: chunks answered, [1]: 1 once the worker listens. */
  readonly #flags: Int32Array;
  #dead = false;
  #nextId = 1;
  #drained = 0;
  readonly #results = new Map<number, (boolean | null)[]>();
  /** Chunks whose answers nobody will take: dropped when they arrive. */
  readonly #abandoned = new Set<number>();

  constructor() {
    const state = new SharedArrayBuffer(8);
    this.#flags = new Int32Array(state);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, state },
      transferList: [port2],
    });
    // Never keeps the process alive, and never takes the place of the caller's own check.
    this.#worker.unref();
    this.#worker.on("error", () => (this.#dead = true));
    this.#worker.on("exit", () => (this.#dead = true));
  }

  /** Listening and alive: until then, callers check on their own thread. */
  get ready(): boolean {
    return !this.#dead && Atomics.load(this.#flags, 1) === 1;
  }

  post(jobs: readonly Ed25519Job[]): number {
    const id = this.#nextId++;
    this.#port.postMessage({ id, jobs });
    return id;
  }

  /** The chunk's answers, waiting for them; null when the worker died or hung. */
  take(id: number): (boolean | null)[] | null {
    for (;;) {
      const found = this.#results.get(id);
      if (found) {
        this.#results.delete(id);
        return found;
      }
      if (this.#dead) return null;
      const answered = Atomics.load(this.#flags, 0);
      if (this.#drained < answered) {
        // The worker posts before it counts, so a counted answer is on the port.
        const msg: unknown = receiveMessageOnPort(this.#port)?.message;
        if (!msg) continue;
        this.#drained++;
        if (isChunkResult(msg) && !this.#abandoned.delete(msg.id))
          this.#results.set(msg.id, msg.out);
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
    for (const id of ids) if (!this.#results.delete(id)) this.#abandoned.add(id);
  }
}

let shared: Ed25519Worker | null | undefined;

/**
 * The process's Ed25519 worker, started on first use; null on a single core (a thread
 * would only compete with the caller) or where threads cannot start.
 */
export function ed25519Worker(): Ed25519Worker | null {
  if (shared === undefined) {
    try {
      shared = availableParallelism() > 1 ? new Ed25519Worker() : null;
    } catch {
      shared = null;
    }
  }
  return shared;
}

export type { Ed25519Worker };
