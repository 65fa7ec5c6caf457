import "server-only";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SignatureVerdict } from "@/lib/protocol/signature";
import {
  decodeMessage,
  MESSAGE_SCHEMAS,
  type DecodedMessage,
  type DecodeResult,
} from "@/lib/protocol/subjects";
import { verifyHere } from "./signature-checks";
import { SyncWorker } from "./sync-worker";
import type { IngestRecord } from "../core/types";

/*
 * Decoding on a worker thread. Parsing and validating a message (lossless JSON, zod) and
 * checking an intent's signature are most of what indexing costs besides SQL, and none
 * of it needs the database: the batch is handed to decode-worker.ts in chunks, the first
 * small, and its transaction writes each chunk as soon as it is back, while the worker
 * decodes the next (see sync-worker.ts for the synchronous hand-over).
 *
 * The worker runs the TypeScript sources through tsx, as `npm run ingest`, the tests and
 * the benchmarks do. Where they cannot be loaded so (no tsx, no sources beside the
 * process), or until the worker listens, the store decodes on its own thread and checks
 * signatures on the Ed25519 worker instead: same results, less parallel.
 */

const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.tsx)
  .then(({ tsImport }) => tsImport(workerData.file, workerData.file))
  .catch(() => process.exit(0));
`;

/**
 * Where the worker's source is, from the project root. Found from the working directory,
 * not from this module's URL: under `next build` this module is a chunk in `.next/server`,
 * while the sources (and tsx) stay at the root `next start`, tsx scripts and tests run in.
 */
export const DECODE_WORKER_FILE = ["lib", "store", "batch", "decode-worker.ts"] as const;

function locate(): { tsx: string; file: string } | null {
  const root = process.cwd();
  const file = path.join(root, ...DECODE_WORKER_FILE);
  if (!existsSync(file)) return null;
  try {
    const require = createRequire(path.join(root, "package.json"));
    const dir = path.dirname(require.resolve("tsx/package.json"));
    const tsx = path.join(dir, "dist", "esm", "api", "index.mjs");
    if (!existsSync(tsx)) return null;
    return { tsx: pathToFileURL(tsx).href, file: pathToFileURL(file).href };
  } catch {
    return null;
  }
}

let shared: SyncWorker | null | undefined;

/** The process's decode worker, started on first use; null where it cannot run. */
export function decodeWorker(): SyncWorker | null {
  if (shared === undefined) {
    try {
      const where = availableParallelism() > 1 ? locate() : null;
      shared = where ? new SyncWorker(BOOTSTRAP, where) : null;
    } catch {
      shared = null;
    }
  }
  return shared;
}

/** A record decoded, with its signature verdict when the worker checked one. */
export interface Decoded {
  result: DecodeResult;
  verdict: SignatureVerdict | null;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

function isVerdict(v: unknown): v is SignatureVerdict {
  return (
    v !== null &&
    typeof v === "object" &&
    "state" in v &&
    (v.state === "verified" ||
      v.state === "invalid" ||
      v.state === "unsigned" ||
      v.state === "untrusted-signer") &&
    "reason" in v &&
    typeof v.reason === "string" &&
    "trustListConfigured" in v &&
    typeof v.trustListConfigured === "boolean"
  );
}

function isKind(v: unknown): v is keyof typeof MESSAGE_SCHEMAS {
  return typeof v === "string" && Object.hasOwn(MESSAGE_SCHEMAS, v);
}

/** A worker answer back into what `decodeMessage` returns; null for one that is not. */
function fromAnswer(a: unknown, r: IngestRecord): Decoded | null {
  if (a === null || typeof a !== "object") return null;
  const ok: unknown = Reflect.get(a, "ok");
  const kind: unknown = Reflect.get(a, "kind");
  if (ok === false) {
    const reason: unknown = Reflect.get(a, "reason");
    if (typeof reason !== "string") return null;
    const failure = {
      ok: false as const,
      kind: isKind(kind) ? kind : null,
      reason,
      raw: utf8.decode(r.payload),
    };
    return { result: failure, verdict: null };
  }
  if (ok !== true || !isKind(kind) || !("value" in a)) return null;
  const verdict: unknown = Reflect.get(a, "verdict");
  // The value is decodeMessage's own output for this kind, made on the worker from the
  // same schemas; structured cloning keeps plain data (bigints included) as it was.
  // The text decodes here again: it was valid UTF-8 there, so it is the same string.
  const result = { ok, kind, value: Reflect.get(a, "value"), raw: utf8.decode(r.payload) };
  return { result: result as DecodedMessage, verdict: isVerdict(verdict) ? verdict : null };
}

/** Chunk sizes: the first small, so the transaction starts writing early. */
function* chunkSizes(): Generator<number> {
  yield 16;
  yield 32;
  for (;;) yield 64;
}

/** A record decoded on this thread, as the worker would have. */
function decodeHere(r: IngestRecord, verify: boolean, trustedSigners: readonly string[]): Decoded {
  const result = decodeMessage(r.subject, r.payload);
  const verdict =
    verify && result.ok && result.kind === "intent" ? verifyHere(result.raw, trustedSigners) : null;
  return { result, verdict };
}

/**
 * Posts `records` to the worker in chunks and returns, per record, a function that
 * waits for its answer; null for a record the worker could not answer (decode it here).
 *
 * Each chunk is claimed by whoever starts it first, through a shared array: the worker
 * in order from the front, the caller when it needs a chunk the worker has not reached,
 * and, rather than wait for one the worker is decoding, the caller takes the last ones
 * nobody started. So when the worker falls behind (a batch of intents, all to check)
 * both decode; when the caller is busy writing, the worker runs ahead.
 */
export function decodeOnWorker(
  worker: SyncWorker,
  records: readonly IngestRecord[],
  verify: boolean,
  trustedSigners: readonly string[],
): { take: (i: number) => Decoded | null; dispose: () => void } {
  const chunks: { id: number; start: number; end: number }[] = [];
  const claimsBuffer = new SharedArrayBuffer(4 * Math.ceil(records.length / 16 + 1));
  const claims = new Int32Array(claimsBuffer);
  const sizes = chunkSizes();
  for (let start = 0; start < records.length;) {
    const end = Math.min(records.length, start + (sizes.next().value ?? 64));
    const part = records.slice(start, end);
    // One buffer for the chunk's payloads, handed over rather than copied: a delivered
    // payload is a view into the connection's read buffer, and cloning a view clones all
    // of the buffer under it.
    const ends = new Uint32Array(part.length);
    let size = 0;
    part.forEach((r, k) => (ends[k] = size += r.payload.byteLength));
    const bytes = new Uint8Array(size);
    part.forEach((r, k) => bytes.set(r.payload, (ends[k] ?? 0) - r.payload.byteLength));
    const id = worker.post(
      {
        subjects: part.map((r) => r.subject),
        bytes,
        ends,
        verify,
        trustedSigners: [...trustedSigners],
        claims: claimsBuffer,
        index: chunks.length,
      },
      [bytes.buffer, ends.buffer],
    );
    chunks.push({ id, start, end });
    start = end;
  }
  const answers = new Map<number, unknown[] | null>();
  const here = new Map<number, Decoded[]>();
  /** Decodes chunk k here if nobody started it; false if the worker has it. */
  const claim = (k: number): boolean => {
    const c = chunks[k];
    if (!c || Atomics.compareExchange(claims, k, 0, 2) !== 0) return false;
    here.set(
      k,
      records.slice(c.start, c.end).map((x) => decodeHere(x, verify, trustedSigners)),
    );
    // The worker will answer it with nothing; drop that.
    worker.forget([c.id]);
    return true;
  };
  /** Chunk k's answers, helping with the last chunks meanwhile rather than waiting. */
  const answersOf = (k: number, id: number): unknown[] | null => {
    let back = chunks.length - 1;
    for (;;) {
      const out = worker.poll(id);
      if (out !== undefined) return out;
      while (back > k && (here.has(back) || Atomics.load(claims, back) !== 0)) back--;
      if (back <= k || !claim(back)) return worker.take(id);
    }
  };
  let chunk = 0;
  return {
    take(i: number): Decoded | null {
      while (chunk < chunks.length && (chunks[chunk]?.end ?? 0) <= i) chunk++;
      const c = chunks[chunk];
      const r = records[i];
      if (!c || !r || i < c.start) return null;
      if (!here.has(chunk) && !answers.has(c.id)) {
        // Not started by the worker: decode it here; else wait, helping from the back.
        if (!claim(chunk)) answers.set(c.id, answersOf(chunk, c.id));
      }
      const mine = here.get(chunk);
      if (mine) return mine[i - c.start] ?? null;
      return fromAnswer(answers.get(c.id)?.[i - c.start], r);
    },
    dispose(): void {
      const untaken = chunks.filter((c, k) => !answers.has(c.id) && !here.has(k));
      worker.forget(untaken.map((c) => c.id));
    },
  };
}
