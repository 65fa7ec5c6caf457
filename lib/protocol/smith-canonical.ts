import {
  isSerdeNumber,
  isSerdeObject,
  parseSerdeJson,
  printValue,
  SerdeJsonError,
  U64_MAX,
  type SerdeValue,
} from "./serde-json";

// Smith's verifier (`Intent::verify_signature` / `verify_with_key`, smith-protocol
// lib.rs:450-490 and 970-998) never checks the bytes it received: it deserializes them
// into its typed `Intent`, then signs `serde_json::to_string` of `to_value(intent)` without
// `signature_b64`. So unknown top-level keys drop out, numbers are re-printed as serde_json
// prints them, every object's keys come out sorted, and an intent serde cannot read has no
// verdict at all. This module is that procedure, so that Pilot's verdict is Smith's.

/** Field order of `struct Intent` (a JSON array of these ten is an Intent to serde too). */
const FIELDS = ["id", "capability", "domain", "params", "created_at_ns", "ttl_ms", "nonce", "signer", "signature_b64", "metadata"] as const;
type Field = (typeof FIELDS)[number];
const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;

/** The typed intent, as far as the signature needs it. */
export interface SmithIntentReading {
  signer: string;
  signatureB64: string;
  /** The signed bytes, or why `canonical_json` fails (then `verify_signature` errs). */
  canonical: { ok: true; bytes: Uint8Array } | { ok: false; reason: string };
}

class Refused extends Error {}
const refuse = (reason: string): never => {
  throw new Refused(reason);
};

function str(v: SerdeValue, field: Field): string {
  return typeof v === "string" ? v : refuse(`invalid type for ${field}: expected a string`);
}

/** `u128` / `u32` from an integer token; serde reads `-0` as 0 for u128 only (an i128 visit). */
function unsigned(v: SerdeValue, field: Field, max: bigint): bigint {
  if (!isSerdeNumber(v) || !v.integer) return refuse(`invalid type for ${field}: expected an integer`);
  const n = BigInt(v.token);
  if (v.token.startsWith("-") && (n !== 0n || field !== "created_at_ns")) refuse(`invalid value for ${field}: negative`);
  if (n > max) refuse(`invalid value for ${field}: out of range`);
  return n;
}

/**
 * Capabilities stay open: Smith 0.1.2's enum knows eight (and `http_fetch`), and would
 * refuse any other, but a capability serializes back to its own string, so a newer
 * Smith's bytes are these; refusing unknown ones here would call a future capability's
 * genuine signature a tamper.
 */
function read(fields: Map<Field, SerdeValue>): SmithIntentReading {
  const get = (f: Field): SerdeValue => (fields.has(f) ? (fields.get(f) ?? null) : refuse(`missing field \`${f}\``));
  const id = str(get("id"), "id");
  const capability = str(get("capability"), "capability");
  const domain = str(get("domain"), "domain");
  const params = get("params");
  const createdAtNs = unsigned(get("created_at_ns"), "created_at_ns", U128_MAX);
  const ttlMs = unsigned(get("ttl_ms"), "ttl_ms", U32_MAX);
  const nonce = str(get("nonce"), "nonce");
  const signer = str(get("signer"), "signer");
  const signatureB64 = str(get("signature_b64"), "signature_b64");
  const metadata = get("metadata");
  if (!isSerdeObject(metadata)) refuse("invalid type for metadata: expected a map");
  // `to_value` of a u128 above u64 fails without arbitrary_precision: no bytes, an error.
  const canonical =
    createdAtNs > U64_MAX
      ? { ok: false as const, reason: "created_at_ns is above 2^64-1, which serde_json::to_value cannot write" }
      : {
          ok: true as const,
          bytes: new TextEncoder().encode(
            `{"capability":${JSON.stringify(capability)},"created_at_ns":${createdAtNs},"domain":${JSON.stringify(domain)},"id":${JSON.stringify(id)},"metadata":${printValue(metadata)},"nonce":${JSON.stringify(nonce)},"params":${printValue(params)},"signer":${JSON.stringify(signer)},"ttl_ms":${ttlMs}}`,
          ),
        };
  return { signer, signatureB64, canonical };
}

const isField = (k: string): k is Field => (FIELDS as readonly string[]).includes(k);

/** `serde_json::from_str::<Intent>`, then what the verifier needs. Never throws. */
export function readSmithIntent(raw: string): { ok: true; value: SmithIntentReading } | { ok: false; reason: string } {
  try {
    const v = parseSerdeJson(raw);
    const fields = new Map<Field, SerdeValue>();
    if (Array.isArray(v)) {
      if (v.length !== FIELDS.length) refuse(`invalid length ${v.length}, expected struct Intent with 10 elements`);
      FIELDS.forEach((f, i) => fields.set(f, v[i] ?? null));
    } else if (v !== null && isSerdeObject(v)) {
      for (const [k, x] of v.members) {
        if (!isField(k)) continue; // unknown keys are ignored, and so not signed
        if (fields.has(k)) refuse(`duplicate field \`${k}\``);
        fields.set(k, x);
      }
    } else refuse("invalid type: expected struct Intent");
    return { ok: true, value: read(fields) };
  } catch (error) {
    if (error instanceof Refused || error instanceof SerdeJsonError) return { ok: false, reason: error.message };
    throw error;
  }
}
