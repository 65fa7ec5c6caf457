import { createHash, hash } from "node:crypto";

/*
 * An evidence bundle, as Pilot writes it and the verifier reads it. Node built-ins only:
 * the verifier is bundled into one file that runs with plain `node` (no Pilot, no npm).
 *
 * A bundle is a POSIX (ustar) tar, uncompressed, of these members in this order:
 *   manifest.json   what was exported (query, range, Pilot's version, counts, chain head)
 *                   and each other file's size and SHA-256; the bytes Pilot signs
 *   signature.json  Pilot's Ed25519 signature over manifest.json's exact bytes, its public key
 *   README.txt      how to verify, for whoever receives the file
 *   records.jsonl   one line per record in stream order: where it came from (stream, seq,
 *                   subject), where its bytes are in messages.bin, their SHA-256, the chain
 *   messages.bin    every record's message payload, byte for byte as received, concatenated
 * No payload is ever parsed and written again on the way: nanosecond times exceed 2^53 and
 * an intent's signature covers its exact text.
 */
export const BUNDLE_FORMAT = "pilot-evidence/1";
export const MEMBERS = {
  manifest: "manifest.json",
  signature: "signature.json",
  readme: "README.txt",
  records: "records.jsonl",
  messages: "messages.bin",
} as const;
/** The members the manifest hashes, in the order they follow it in the tar. */
export const HASHED_MEMBERS = [MEMBERS.readme, MEMBERS.records, MEMBERS.messages] as const;

export type RecordKind = "intent" | "audit";
/** Pilot's signature verdict when it indexed an intent (lib/protocol/signature.ts). */
export type RecordedSignature = "verified" | "invalid" | "unsigned" | "untrusted-signer";

/** One line of records.jsonl. Every number is a safe integer, so plain JSON reads it exactly. */
export interface RecordLine {
  /** 1-based position in the bundle. */
  n: number;
  stream: string;
  seq: number;
  subject: string;
  kind: RecordKind;
  /** Byte offset and length of the payload in messages.bin. */
  offset: number;
  length: number;
  /** Hex SHA-256 of the payload. */
  sha256: string;
  /** Hex chain value after this record (chainLink). */
  chain: string;
  /** Intents only: Pilot's verdict at ingest, which the verifier must reproduce. */
  signature?: RecordedSignature;
}

export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  pilot: { name: string; version: string };
  createdAt: string;
  /** Who exported it (the signed-in user), as the access log names them. */
  exportedBy: string;
  /** What was exported: the list it came from and the query string's parameters. */
  query: { source: "audit" | "intents"; params: Record<string, string> };
  /** The time range the query asked for (ISO 8601), null where open. */
  range: { from: string | null; to: string | null };
  records: number;
  intents: number;
  /** Hex chain value after the last record (the genesis value when there are none). */
  chainHead: string;
  files: ManifestFile[];
  publicKey: string;
}

export interface SignatureFile {
  algorithm: "Ed25519";
  /** Standard base64 of Pilot's 32-byte Ed25519 public key. */
  publicKey: string;
  fingerprint: string;
  /** Standard base64 of the 64-byte signature over manifest.json. */
  signature: string;
}

let scratch = Buffer.allocUnsafe(1024);

/** The chain's value before the first record: a hash of the format's name. */
export function chainGenesis(): Buffer {
  return createHash("sha256").update(`${BUNDLE_FORMAT} chain\n`).digest();
}

/**
 * The chain value after a record: SHA-256 over the previous value, the record's position,
 * origin and kind, and its payload's hash. A record dropped, added or moved changes every
 * value after it; one record's bytes changed changes its payload hash.
 */
export function chainLink(
  previous: Buffer,
  r: { n: number; stream: string; seq: number; subject: string; kind: RecordKind },
  payloadSha256: Buffer,
): Buffer {
  // One-shot hash of one scratch buffer, reused: a Hash object and a buffer per record were
  // a tenth of an export's time.
  const text = `${r.n}\n${r.stream}\n${r.seq}\n${r.subject}\n${r.kind}\n`;
  const size = previous.length + Buffer.byteLength(text) + payloadSha256.length;
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
  previous.copy(scratch, 0);
  const at = previous.length + scratch.write(text, previous.length, "utf8");
  payloadSha256.copy(scratch, at);
  return hash("sha256", scratch.subarray(0, size), "buffer");
}

/** SHA-256 of a payload (one-shot). */
export function sha256(bytes: Uint8Array): Buffer {
  return hash("sha256", bytes, "buffer");
}

/** `SHA256:<base64, no padding>` of the raw public key, as OpenSSH prints key fingerprints. */
export function keyFingerprint(publicKeyRaw: Uint8Array): string {
  return `SHA256:${createHash("sha256").update(publicKeyRaw).digest("base64").replace(/=+$/, "")}`;
}

// An Ed25519 public key as SPKI DER is this fixed prefix and the 32 raw bytes.
export const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export const README_TEXT = `Pilot evidence bundle (${BUNDLE_FORMAT})

This tar holds messages exactly as Pilot received them from NATS JetStream, in stream
order, with a manifest signed by the exporting Pilot's Ed25519 key.

  manifest.json   the query, the range, Pilot's version, counts, each file's SHA-256, the
                  hash chain's last value (the bytes signature.json signs)
  signature.json  the signature and Pilot's public key (compare its fingerprint with the
                  one on Pilot's Health page)
  records.jsonl   one line per record: stream, sequence, subject, the payload's place and
                  SHA-256 in messages.bin, and the chain value after it
  messages.bin    the payloads, byte for byte, one after another

To verify (Node 24, nothing else needed):
  node verify-evidence.mjs THIS_FILE.tar --key <Pilot's public key, base64>
or, in Pilot's repository:
  npm run verify-evidence -- THIS_FILE.tar --key <key>
It checks the signature, every file's hash, every record's hash and chain link, and every
intent's Ed25519 signature, and names each thing that fails.
`;
