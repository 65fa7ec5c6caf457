import "server-only";
import type { SignatureVerdict } from "@/lib/protocol/signature";
import { decodeMessage, type DecodeResult } from "@/lib/protocol/subjects";
import { decodeOnWorker, decodeWorker } from "./decode-offload";
import { createSignatureBatch, verifyHere, type VerdictHandle } from "./signature-checks";
import type { IngestRecord, StoreOptions } from "../core/types";
import type { HeldSet } from "../ledger/write";

/** A record decoded, and for an intent the way to its signature verdict. */
export interface PreparedRecord {
  result: DecodeResult;
  verdict: VerdictHandle;
}

/** A record of the batch; `decode` null for one the index held when the batch began. */
export interface Prepared {
  r: IngestRecord;
  /** Waits for (or computes) the record's decoding, once; later calls return the same. */
  decode: (() => PreparedRecord) | null;
}

function once<T>(fn: () => T): () => T {
  let box: { value: T } | null = null;
  return () => (box ??= { value: fn() }).value;
}

/**
 * Starts decoding a batch before its transaction: on the decode worker when it runs
 * (see decode-offload.ts), else here, with the signature checks on the Ed25519 worker
 * (see signature-checks.ts). Records the index held are left undecoded (a redelivery
 * costs a lookup); the transaction decides again which are held, and that is what counts.
 * A custom signature check (StoreOptions.verifySignature) always runs inside the
 * record's write, where a failure must happen.
 */
export function prepareBatch(
  records: readonly IngestRecord[],
  held: HeldSet,
  opts: StoreOptions,
): { prepared: Prepared[]; dispose: () => void } {
  const trustedSigners = opts.trustedSigners ?? [];
  const custom = opts.verifySignature;
  const checkHere = (raw: string): SignatureVerdict =>
    custom ? custom(raw, { trustedSigners }) : verifyHere(raw, trustedSigners);
  const lazyCheck = (raw: string): VerdictHandle => once(() => checkHere(raw));

  const worker = decodeWorker();
  if (worker?.ready) {
    const fresh = records.filter((r) => !held.has(r));
    const remote = decodeOnWorker(worker, fresh, custom === undefined, trustedSigners);
    let index = 0;
    const prepared = records.map((r): Prepared => {
      if (held.has(r)) return { r, decode: null };
      const at = index++;
      return {
        r,
        decode: once(() => {
          const got = remote.take(at);
          const result = got?.result ?? decodeMessage(r.subject, r.payload);
          const verdict = got?.verdict;
          const raw = result.raw;
          return { result, verdict: verdict && !custom ? () => verdict : lazyCheck(raw) };
        }),
      };
    });
    return { prepared, dispose: remote.dispose };
  }

  const checks = custom ? null : createSignatureBatch(trustedSigners);
  const prepared = records.map((r): Prepared => {
    if (held.has(r)) return { r, decode: null };
    const result = decodeMessage(r.subject, r.payload);
    const verdict =
      checks && result.ok && result.kind === "intent"
        ? checks.begin(result.raw)
        : lazyCheck(result.raw);
    return { r, decode: () => ({ result, verdict }) };
  });
  checks?.flush();
  return { prepared, dispose: () => checks?.dispose() };
}
