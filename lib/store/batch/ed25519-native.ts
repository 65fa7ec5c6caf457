import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { Ed25519Verify } from "@/lib/protocol/signature";

// No "server-only" here: the decode worker (decode-worker.ts) loads this outside Next's
// module conditions. Server code imports it through node-ed25519.ts.

// An Ed25519 public key as SPKI DER is this fixed prefix and the 32 raw bytes.
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const MAX_KEYS = 4096;
// A deployment has few signers: importing a key costs more than the check itself.
const keys = new Map<string, KeyObject>();

function keyFor(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString("base64");
  let key = keys.get(id);
  if (!key) {
    key = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, publicKey]),
      format: "der",
      type: "spki",
    });
    if (keys.size >= MAX_KEYS) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/**
 * Node's native Ed25519 (OpenSSL, strict RFC 8032 like noble's strict mode): ingest
 * checks every intent, and the pure-JS check costs milliseconds each on a small machine.
 */
export const nativeEd25519Verify: Ed25519Verify = (signature, message, publicKey) =>
  verify(null, message, keyFor(publicKey), signature);
