import { ed25519 } from "@noble/curves/ed25519.js";
import { base64 } from "@scure/base";
import { readSmithIntent } from "./smith-canonical";

export type SignatureState = "verified" | "invalid" | "unsigned" | "untrusted-signer";

export interface SignatureVerdict {
  state: SignatureState;
  /** Why, in a sentence fit for a tooltip or the audit detail. */
  reason: string;
  /** Whether a non-empty trusted-signer list was configured. */
  trustListConfigured: boolean;
}

/** An Ed25519 check: true when `signature` over `message` verifies with `publicKey`. */
export type Ed25519Verify = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;
/** The same check, answered later (WebCrypto). */
export type Ed25519VerifyAsync = (
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
) => Promise<boolean>;

export interface VerifyOptions {
  /** Standard padded base64 of trusted 32-byte Ed25519 public keys. */
  trustedSigners?: readonly string[];
  /**
   * The primitive; by default noble's strict RFC 8032 check, which runs everywhere. The
   * server passes Node's native one (same verdicts, about 30× faster) for ingest.
   */
  verify?: Ed25519Verify;
}

/** noble's Ed25519 in strict mode (no ZIP-215 leniency), as ed25519-dalek verifies. */
export const strictNobleVerify: Ed25519Verify = (signature, message, publicKey) =>
  ed25519.verify(signature, message, publicKey, { zip215: false });

const PUBLIC_KEY_LENGTH = 32;
const SIGNATURE_LENGTH = 64;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Strict standard base64 (padding required, no stray bits), as Rust's `STANDARD` engine. */
function decodeBase64(text: string): Uint8Array | string {
  try {
    return base64.decode(text);
  } catch (error) {
    return errorMessage(error);
  }
}

// Point decoding is the costliest step of a check in pure JS, and a deployment has few
// signers: remember each key's verdict (bounded, so hostile input cannot grow it).
const keyValidity = new Map<string, boolean>();
function isValidKey(text: string, publicKey: Uint8Array): boolean {
  let valid = keyValidity.get(text);
  if (valid === undefined) {
    valid = ed25519.utils.isValidPublicKey(publicKey, false);
    if (keyValidity.size >= 4096) keyValidity.clear();
    keyValidity.set(text, valid);
  }
  return valid;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function isTrusted(signer: Uint8Array, trusted: readonly string[]): boolean {
  return trusted.some((entry) => {
    const key = decodeBase64(entry.trim());
    return typeof key !== "string" && sameBytes(key, signer);
  });
}

type CheckOutcome = Omit<SignatureVerdict, "trustListConfigured">;

/** What is left once the text's shape is checked: the Ed25519 check itself. */
interface PendingCheck {
  signature: Uint8Array;
  message: Uint8Array;
  publicKey: Uint8Array;
  signer: string;
}

/**
 * Everything before the Ed25519 check: a verdict already, or the bytes to check. The
 * steps and their order are `Intent::verify_signature`'s, after serde has read the intent
 * (smith-canonical.ts): an intent Smith cannot read has no valid signature.
 */
function prepare(rawIntent: string): CheckOutcome | PendingCheck {
  const invalid = (reason: string) => ({ state: "invalid" as const, reason });

  const read = readSmithIntent(rawIntent);
  if (!read.ok) return invalid(`Smith's verifier cannot read this intent: ${read.reason}`);
  const { signer, signatureB64: signature, canonical } = read.value;
  // Smith treats a blank signature as "not signed" (`verify_signature` trims first).
  if (signature.trim() === "") {
    return { state: "unsigned", reason: "signature_b64 is empty: the intent was not signed" };
  }

  const publicKey = decodeBase64(signer.trim());
  if (typeof publicKey === "string") return invalid(`signer is not valid base64: ${publicKey}`);
  if (publicKey.length !== PUBLIC_KEY_LENGTH) {
    return invalid(`signer must decode to ${PUBLIC_KEY_LENGTH} bytes, got ${publicKey.length}`);
  }
  if (!isValidKey(signer.trim(), publicKey)) {
    return invalid("signer is not a valid Ed25519 public key");
  }

  const signatureBytes = decodeBase64(signature.trim());
  if (typeof signatureBytes === "string")
    return invalid(`signature_b64 is not valid base64: ${signatureBytes}`);
  if (signatureBytes.length !== SIGNATURE_LENGTH) {
    return invalid(
      `signature_b64 must decode to ${SIGNATURE_LENGTH} bytes, got ${signatureBytes.length}`,
    );
  }
  if (!canonical.ok) return invalid(`the signed bytes cannot be made: ${canonical.reason}`);

  return {
    signature: signatureBytes,
    message: canonical.bytes,
    publicKey,
    signer: signer.trim(),
  };
}

/** The verdict once the Ed25519 check has answered `matches`. */
function conclude(pending: PendingCheck, matches: boolean, trusted: readonly string[]): CheckOutcome {
  // Strict RFC 8032 verification (no ZIP-215 leniency): a signature that ed25519-dalek
  // could reject is never shown as verified.
  if (!matches) {
    return {
      state: "invalid",
      reason:
        "the signature does not match: the intent was changed after signing, or signed with another key",
    };
  }

  if (trusted.length === 0) {
    return {
      state: "verified",
      reason:
        "the signature matches the intent's signer key (no trusted-signer list is configured)",
    };
  }
  if (!isTrusted(pending.publicKey, trusted)) {
    return {
      state: "untrusted-signer",
      reason: `the signature matches, but signer ${pending.signer} is not in the trusted-signer list`,
    };
  }
  return {
    state: "verified",
    reason: "the signature matches and the signer is in the trusted-signer list",
  };
}

function isPending(step: CheckOutcome | PendingCheck): step is PendingCheck {
  return "message" in step;
}

function failed(error: unknown, trustListConfigured: boolean): SignatureVerdict {
  return {
    state: "invalid",
    reason: `the signature could not be checked: ${errorMessage(error)}`,
    trustListConfigured,
  };
}

/**
 * Checks a Smith intent's Ed25519 signature over its canonical JSON, as received.
 * Never throws: hostile or malformed input yields `invalid` with a reason.
 */
export function verifyIntentSignature(
  rawIntent: string,
  opts: VerifyOptions = {},
): SignatureVerdict {
  const trusted = opts.trustedSigners ?? [];
  const trustListConfigured = trusted.length > 0;
  const verify = opts.verify ?? strictNobleVerify;
  try {
    const step = prepare(rawIntent);
    if (!isPending(step)) return { ...step, trustListConfigured };
    const matches = verify(step.signature, step.message, step.publicKey);
    return { ...conclude(step, matches, trusted), trustListConfigured };
  } catch (error) {
    return failed(error, trustListConfigured);
  }
}

/**
 * The same check with an asynchronous primitive (WebCrypto's Ed25519 in the browser):
 * the same steps, reasons and verdicts as `verifyIntentSignature` for a primitive that
 * answers as the strict one does. Never rejects.
 */
export async function verifyIntentSignatureAsync(
  rawIntent: string,
  opts: { trustedSigners?: readonly string[]; verify: Ed25519VerifyAsync },
): Promise<SignatureVerdict> {
  const trusted = opts.trustedSigners ?? [];
  const trustListConfigured = trusted.length > 0;
  try {
    const step = prepare(rawIntent);
    if (!isPending(step)) return { ...step, trustListConfigured };
    const matches = await opts.verify(step.signature, step.message, step.publicKey);
    return { ...conclude(step, matches, trusted), trustListConfigured };
  } catch (error) {
    return failed(error, trustListConfigured);
  }
}
