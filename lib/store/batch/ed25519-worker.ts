import "server-only";
import { availableParallelism } from "node:os";
import { SyncWorker } from "./sync-worker";

/*
 * Ed25519 checks on another thread (see sync-worker.ts). The check itself (OpenSSL,
 * ~150 µs on a small VM) is the largest single cost of indexing an intent, and ingest's
 * thread has decoding and the SQL writes to do meanwhile. Used when the decode worker
 * (decode-offload.ts), which checks signatures itself, cannot run.
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

/** The Ed25519 worker: answers true / false per check, or null where it threw. */
export class Ed25519Worker {
  readonly #worker = new SyncWorker(WORKER_SOURCE);

  get ready(): boolean {
    return this.#worker.ready;
  }

  post(jobs: readonly Ed25519Job[]): number {
    return this.#worker.post({ jobs });
  }

  take(id: number): (boolean | null)[] | null {
    const out = this.#worker.take(id);
    return out ? out.map((v) => (typeof v === "boolean" ? v : null)) : null;
  }

  forget(ids: readonly number[]): void {
    this.#worker.forget(ids);
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
