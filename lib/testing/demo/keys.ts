import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519.js";
import { base64 } from "@scure/base";
import { intentSigningBytes } from "@/lib/protocol/canonical";
import { Prng } from "./prng";

export interface DemoKey {
  /** The agent that holds the key, as the demo names it in metadata. */
  agent: string;
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  /** Standard padded base64 of the 32-byte public key: the intent's `signer`. */
  signer: string;
  /** The same key for Node's native Ed25519 (RFC 8032 signatures are deterministic, so equal). */
  privateKey: KeyObject;
}

export interface DemoKeys {
  trusted: readonly [DemoKey, DemoKey, DemoKey];
  untrusted: DemoKey;
}

/** PKCS#8 DER header of a raw 32-byte Ed25519 private key. */
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

const TRUSTED_AGENTS = ["planner-agent", "coder-agent", "ops-agent"] as const;

function keyFor(prng: Prng, agent: string): DemoKey {
  const { secretKey, publicKey } = ed25519.keygen(prng.bytes(32));
  const der = Buffer.concat([PKCS8_ED25519_PREFIX, secretKey]);
  const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  return { agent, secretKey, publicKey, signer: base64.encode(publicKey), privateKey };
}

/** The demo's signing keys, derived from the seed alone (not from the stream position). */
export function demoKeys(seed: number): DemoKeys {
  const prng = Prng.derive(seed, "ed25519-keys");
  const [a, b, c] = TRUSTED_AGENTS.map((agent) => keyFor(prng, agent));
  if (!a || !b || !c) throw new Error("unreachable: three trusted agents");
  return { trusted: [a, b, c], untrusted: keyFor(prng, "contractor-laptop") };
}

/** The trusted signers' public keys (base64), for `PILOT_TRUSTED_SIGNERS`. */
export function demoTrustedSigners(seed: number): string[] {
  return demoKeys(seed).trusted.map((k) => k.signer);
}

/**
 * Signs an intent written with `signature_b64: ""`: Ed25519 over Smith's canonical
 * JSON of the intent without its signature. Returns the standard base64 signature.
 */
export function signIntentText(unsignedIntentText: string, key: DemoKey): string {
  // Node's native signer: noble's pure-JS one costs milliseconds per intent.
  return base64.encode(sign(null, intentSigningBytes(unsignedIntentText), key.privateKey));
}
