// The decode worker's own code (see decode-offload.ts): it runs on a worker thread,
// loaded from TypeScript by tsx, so it imports nothing that needs Next's module
// conditions ("server-only").
import { workerData, type MessagePort } from "node:worker_threads";
import { verifyIntentSignature, type SignatureVerdict } from "@/lib/protocol/signature";
import { decodeMessage, type MessageKind } from "@/lib/protocol/subjects";
import { nativeEd25519Verify } from "./ed25519-native";

/** One record's answer; null when decoding threw (the caller then decodes it itself). */
export type DecodeAnswer =
  | { ok: true; kind: MessageKind; value: unknown; verdict: SignatureVerdict | null }
  | { ok: false; kind: MessageKind | null; reason: string }
  | null;

interface Chunk {
  id: number;
  subjects: string[];
  /** The payloads end to end; `ends[i]` is where payload i ends. */
  bytes: Uint8Array;
  ends: Uint32Array;
  /** Check intents' signatures (false when the store has a check of its own). */
  verify: boolean;
  trustedSigners: string[];
  /** Who decodes chunk `index`: 0 nobody yet, 1 this worker, 2 the caller. */
  claims: SharedArrayBuffer;
  index: number;
}

function isChunk(v: unknown): v is Chunk {
  return (
    v !== null &&
    typeof v === "object" &&
    "id" in v &&
    typeof v.id === "number" &&
    "subjects" in v &&
    Array.isArray(v.subjects) &&
    "bytes" in v &&
    v.bytes instanceof Uint8Array &&
    "ends" in v &&
    v.ends instanceof Uint32Array &&
    "verify" in v &&
    typeof v.verify === "boolean" &&
    "trustedSigners" in v &&
    Array.isArray(v.trustedSigners) &&
    "claims" in v &&
    v.claims instanceof SharedArrayBuffer &&
    "index" in v &&
    typeof v.index === "number"
  );
}

/** Deeper than this, a value is left to the caller (see `nestsDeeper`). */
const MAX_DEPTH = 256;

/**
 * Whether JSON text nests deeper than `max`. This thread's stack is larger than the
 * caller's: a value it decodes could be too deep for the caller to take in from the
 * port, so such a record is answered with null and decoded there, as it always was.
 */
export function nestsDeeper(text: string, max: number): boolean {
  let opens = 0;
  for (let i = 0; i < text.length && opens <= max; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 91 || ch === 123) opens++;
  }
  if (opens <= max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (let q = text.indexOf('"', i + 1); ; q = text.indexOf('"', q + 1)) {
        if (q === -1) return false;
        let k = q - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((q - 1 - k) % 2 === 0) {
          i = q;
          break;
        }
      }
    } else if (ch === 91 || ch === 123) {
      if (++depth > max) return true;
    } else if (ch === 93 || ch === 125) {
      depth--;
    }
  }
  return false;
}

function answer(subject: string, payload: Uint8Array, c: Chunk): DecodeAnswer {
  try {
    const d = decodeMessage(subject, payload);
    if (!d.ok) return { ok: false, kind: d.kind, reason: d.reason };
    if (nestsDeeper(d.raw, MAX_DEPTH)) return null;
    const verdict =
      c.verify && d.kind === "intent"
        ? verifyIntentSignature(d.raw, {
            trustedSigners: c.trustedSigners,
            verify: nativeEd25519Verify,
          })
        : null;
    return { ok: true, kind: d.kind, value: d.value, verdict };
  } catch {
    return null;
  }
}

function isPort(v: unknown): v is MessagePort {
  return v !== null && typeof v === "object" && "postMessage" in v && "on" in v;
}

const data: unknown = workerData;
const port: unknown = data !== null && typeof data === "object" ? Reflect.get(data, "port") : null;
const state: unknown =
  data !== null && typeof data === "object" ? Reflect.get(data, "state") : null;
if (isPort(port) && state instanceof SharedArrayBuffer) {
  const flags = new Int32Array(state);
  port.on("message", (c: unknown) => {
    // Every chunk is answered, a malformed one with nothing: the caller then decodes it.
    if (!isChunk(c)) {
      const id = c !== null && typeof c === "object" ? Reflect.get(c, "id") : null;
      port.postMessage({ id, out: [] });
      Atomics.add(flags, 0, 1);
      Atomics.notify(flags, 0);
      return;
    }
    // Taken by the caller meanwhile: answer nothing, at once.
    const mine = Atomics.compareExchange(new Int32Array(c.claims), c.index, 0, 1) === 0;
    const out = (mine ? c.subjects : []).map((subject, i) =>
      answer(subject, c.bytes.subarray(i > 0 ? (c.ends[i - 1] ?? 0) : 0, c.ends[i] ?? 0), c),
    );
    try {
      port.postMessage({ id: c.id, out });
    } catch {
      // A value that cannot be cloned (nested too deep): the caller decodes the chunk.
      port.postMessage({ id: c.id, out: [] });
    }
    Atomics.add(flags, 0, 1);
    Atomics.notify(flags, 0);
  });
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
}
