import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { readSmithIntent } from "@/lib/protocol/smith-canonical";
import { ED25519_SPKI_PREFIX, type RecordedSignature } from "./format";

/*
 * An intent's Ed25519 signature checked again offline, the way Pilot checked it at ingest
 * (lib/protocol/signature.ts): Smith's reading of the intent (smith-canonical.ts, pure
 * TypeScript) gives the signed bytes, Node's crypto does the check. Only the class of the
 * verdict is compared with what Pilot recorded: whether the signer is trusted is a matter of
 * the deployment's list, not of the bytes.
 */
export type SignatureClass = "valid" | "invalid" | "unsigned";

export function recordedClass(state: RecordedSignature): SignatureClass {
  return state === "verified" || state === "untrusted-signer" ? "valid" : state;
}

/** Strict standard base64 (padding required, no stray bits), as Rust's STANDARD engine reads it. */
function strictBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : null;
}

// A deployment has few signers, and importing a key costs more than a check.
const keys = new Map<string, KeyObject>();
function keyObject(raw: Buffer): KeyObject {
  const id = raw.toString("base64");
  let key = keys.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
    if (keys.size >= 4096) keys.clear();
    keys.set(id, key);
  }
  return key;
}

export function checkIntentSignature(payload: Buffer): { verdict: SignatureClass; reason: string } {
  const invalid = (reason: string) => ({ verdict: "invalid" as const, reason });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(payload);
  } catch {
    return invalid("the payload is not UTF-8, which Smith cannot read");
  }
  const read = readSmithIntent(text);
  if (!read.ok) return invalid(`Smith's verifier cannot read this intent: ${read.reason}`);
  const { signer, signatureB64, canonical } = read.value;
  if (signatureB64.trim() === "") return { verdict: "unsigned", reason: "signature_b64 is empty" };
  const key = strictBase64(signer.trim());
  if (!key || key.length !== 32) return invalid("signer is not the base64 of a 32-byte key");
  const signature = strictBase64(signatureB64.trim());
  if (!signature || signature.length !== 64) return invalid("signature_b64 is not the base64 of 64 bytes");
  if (!canonical.ok) return invalid(`the signed bytes cannot be made: ${canonical.reason}`);
  try {
    return verify(null, canonical.bytes, keyObject(key), signature)
      ? { verdict: "valid", reason: "the signature matches the signer key" }
      : invalid("the signature does not match the intent's canonical bytes");
  } catch (error) {
    return invalid(`signer is not a valid Ed25519 public key (${error instanceof Error ? error.message : String(error)})`);
  }
}
