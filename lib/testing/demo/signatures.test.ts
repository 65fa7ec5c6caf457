import { createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { intentSigningBytes } from "@/lib/protocol/canonical";
import { parseLossless } from "@/lib/protocol/json";
import { demoMessages } from "./generator";
import { demoKeys, demoTrustedSigners } from "./keys";

// Checked with Node's own Ed25519, independent of the app's verifier: the raw 32-byte
// key wrapped as SPKI DER.
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

function verifies(payload: string): boolean {
  const intent = parseLossless(payload) as { signer: string; signature_b64: string };
  const key = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(intent.signer, "base64")]),
    format: "der",
    type: "spki",
  });
  return verify(
    null,
    intentSigningBytes(payload),
    key,
    Buffer.from(intent.signature_b64, "base64"),
  );
}

const SEED = 42;
const intents = demoMessages({ seed: SEED }, 5000).filter(
  (m) => !m.malformed && m.subject.startsWith("smith.intents.vetted."),
);
const trusted = new Set(demoTrustedSigners(SEED));
const signerOf = (payload: string) => (parseLossless(payload) as { signer: string }).signer;

describe("demo intent signatures", () => {
  it("has three trusted signers, derived from the seed alone", () => {
    expect(trusted.size).toBe(3);
    for (const k of trusted) expect(k).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(demoTrustedSigners(SEED)).toEqual([...trusted]);
    expect(demoTrustedSigners(SEED + 1)).not.toEqual([...trusted]);
    expect(trusted).not.toContain(demoKeys(SEED).untrusted.signer);
  });

  it("mixes every signature state, mostly verified", () => {
    const count = (s: string) => intents.filter((m) => m.signature === s).length;
    expect(count("verified") / intents.length).toBeGreaterThan(0.7);
    for (const s of ["invalid", "unsigned", "untrusted-signer"])
      expect(count(s)).toBeGreaterThan(5);
  });

  it("signs trusted intents so that they verify against a trusted key", () => {
    const verified = intents.filter((m) => m.signature === "verified");
    for (const m of verified) {
      expect(trusted).toContain(signerOf(m.payload));
      expect(verifies(m.payload)).toBe(true);
    }
  });

  it("tampers intents after signing, so that they do not verify", () => {
    for (const m of intents.filter((i) => i.signature === "invalid")) {
      expect(trusted).toContain(signerOf(m.payload));
      expect(verifies(m.payload)).toBe(false);
    }
  });

  it("signs untrusted intents with a valid signature from an unknown key", () => {
    for (const m of intents.filter((i) => i.signature === "untrusted-signer")) {
      expect(trusted).not.toContain(signerOf(m.payload));
      expect(verifies(m.payload)).toBe(true);
    }
  });

  it("leaves unsigned intents with an empty signature", () => {
    for (const m of intents.filter((i) => i.signature === "unsigned"))
      expect(m.payload).toContain('"signature_b64":""');
  });
});
