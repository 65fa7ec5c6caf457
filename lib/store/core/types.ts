import "server-only";
import type { SignatureVerdict, VerifyOptions } from "@/lib/protocol/signature";

/** One stream message as ingest hands it over. */
export interface IngestRecord {
  stream: string;
  seq: number;
  subject: string;
  headers: Record<string, string[]> | null;
  payload: Uint8Array;
  /** JetStream's publish time, exact nanoseconds, when known. */
  publishedAtNs: bigint | null;
}

/**
 * What a batch did. `applied` + `quarantined` are the (stream, seq) pairs new to the
 * index; `duplicates` the ones it already held (a redelivery), which changed nothing.
 * A new message that repeats a natural key (an intent id seen before, under another
 * seq) counts as applied: the message is recorded, no typed row is duplicated.
 */
export interface ApplyResult {
  applied: number;
  duplicates: number;
  quarantined: number;
}

export interface StoreOptions {
  /** Base64 Ed25519 public keys whose signatures count as trusted. */
  trustedSigners?: readonly string[];
  /** Signature check for intents; `verifyIntentSignature` unless a test or a faster
   *  implementation with the same verdicts is given. */
  verifySignature?: (rawIntent: string, opts: VerifyOptions) => SignatureVerdict;
  /** How long after its TTL an intent without a result reads "pending", not "no result". */
  noResultGraceMs?: number;
  /** The clock "no result" is judged by (tests pass their own). */
  now?: () => number;
}

/** Per stream, the last sequence an answer is consistent with (live views resume after it). */
export type StreamSeqs = Record<string, number>;

/**
 * A batch whose decoding has started (on the decode worker where it runs): made by
 * `prepareBatch`, written by `applyPrepared`, once.
 */
export interface PreparedBatch {
  readonly size: number;
}
