import { createHash } from "node:crypto";
import { ED25519_TORSION_SUBGROUP, ed25519 } from "@noble/curves/ed25519.js";
import { base64 } from "@scure/base";
import { describe, expect, it } from "vitest";
import { intentSigningBytes, verifyIntentSignature, verifyIntentSignatureAsync } from "@/lib/protocol";
import { demoMessages } from "@/lib/testing/demo/generator";
import { demoTrustedSigners } from "@/lib/testing/demo/keys";
import { webCryptoEd25519Verify } from "./webcrypto-ed25519";

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function toLE(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
const fromLE = (bytes: Uint8Array) => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
const challenge = (r: Uint8Array, a: Uint8Array, m: Uint8Array) =>
  fromLE(new Uint8Array(createHash("sha512").update(r).update(a).update(m).digest())) % L;

/** An intent signed with (R, s) chosen by `sign` for key bytes `signer`. */
function craft(signer: Uint8Array, nonce: string, sign: (message: Uint8Array) => Uint8Array): string {
  const intent = (signature: string) =>
    JSON.stringify({
      id: "0190f5d2-8c4e-7b2a-9f1e-3d5c7a9b1e2f",
      capability: "fs.read.v1",
      domain: "production",
      params: { path: "/etc/hostname" },
      created_at_ns: 1,
      ttl_ms: 1000,
      nonce,
      signer: base64.encode(signer),
      signature_b64: signature,
      metadata: {},
    });
  return intent(base64.encode(sign(intentSigningBytes(intent("")))));
}

const rawWebCrypto = async (text: string) =>
  (
    await verifyIntentSignatureAsync(text, {
      verify: async (sig, msg, key) =>
        crypto.subtle.verify(
          "Ed25519",
          await crypto.subtle.importKey("raw", new Uint8Array(key), { name: "Ed25519" }, false, ["verify"]),
          new Uint8Array(sig),
          new Uint8Array(msg),
        ),
    })
  ).state;

describe("webCryptoEd25519Verify", () => {
  it("gives noble's strict verdict on every demo intent", async () => {
    const intents = demoMessages({ seed: 5 }, 3000).filter((m) => m.subject.startsWith("smith.intents.") && !m.malformed);
    const trustedSigners = demoTrustedSigners(5);
    const states = new Set<string>();
    for (const m of intents) {
      const noble = verifyIntentSignature(m.payload, { trustedSigners });
      const web = await verifyIntentSignatureAsync(m.payload, { trustedSigners, verify: webCryptoEd25519Verify });
      expect(web).toEqual(noble);
      states.add(web.state);
    }
    expect(states).toEqual(new Set(["verified", "invalid", "unsigned", "untrusted-signer"]));
    // noble checks each intent in pure JS: slow on a small, busy machine.
  }, 30_000);

  it("refuses a small-order key, which some WebCrypto engines let anyone sign for", async () => {
    // A = identity: [s]B = R + [k]A holds for any s with R = [s]B. Node 20's WebCrypto
    // (OpenSSL 3.0) says "verified"; Node 24's (OpenSSL 3.5) refuses the key itself, so the
    // engine's verdict is not asserted here: the browser's may be either.
    const identity = ed25519.Point.ZERO.toBytes();
    const text = craft(identity, "small-order", () => new Uint8Array([...ed25519.Point.BASE.multiply(5n).toBytes(), ...toLE(5n)]));
    expect(verifyIntentSignature(text).state).toBe("invalid");
    expect((await verifyIntentSignatureAsync(text, { verify: webCryptoEd25519Verify })).state).toBe("invalid");
  });

  it("accepts, as noble does, a signature only the cofactored equation accepts", async () => {
    // A = [a]B + T with T of order 8: the cofactorless check fails unless 8 | k.
    const a = 123456789n;
    const torsion = ed25519.Point.fromHex(ED25519_TORSION_SUBGROUP[1] ?? "");
    const A = ed25519.Point.BASE.multiply(a).add(torsion).toBytes();
    const r = 987654321n;
    const R = ed25519.Point.BASE.multiply(r).toBytes();
    let text = "";
    for (let i = 0; ; i++) {
      let k = 0n;
      text = craft(A, `mixed-${i}`, (message) => {
        k = challenge(R, A, message);
        return new Uint8Array([...R, ...toLE((r + k * a) % L)]);
      });
      if (k % 8n !== 0n) break;
    }
    expect(await rawWebCrypto(text)).toBe("invalid");
    expect(verifyIntentSignature(text).state).toBe("verified");
    expect((await verifyIntentSignatureAsync(text, { verify: webCryptoEd25519Verify })).state).toBe("verified");
  });
});
