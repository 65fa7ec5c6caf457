// Signatures here come from an independent signer: Node's own Ed25519 (OpenSSL) over
// canonical text written out by hand below, not from the code under test.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { intentSigningBytes } from "./canonical";
import { strictNobleVerify, verifyIntentSignature, verifyIntentSignatureAsync } from "./signature";
import { INTENT_ID } from "./test-fixtures";

interface Signer {
  privateKey: KeyObject;
  publicB64: string;
}

function newSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  if (typeof jwk.x !== "string") throw new Error("no public key bytes");
  const raw = Buffer.from(jwk.x, "base64url");
  // Cross-check against the SPKI encoding: its last 32 bytes are the raw key.
  const spki = publicKey.export({ format: "der", type: "spki" });
  expect(spki.subarray(spki.length - 32).equals(raw)).toBe(true);
  return { privateKey, publicB64: raw.toString("base64") };
}

const NONCE = "3f2b8c1e-9d4a-4e7b-a6c5-1d0e8f7b2a94";

/** The intent as a producer puts it on the wire: serde field order, not sorted. */
function wire(
  signer: string,
  signature: string,
  params = '{"path":"/etc/hostname","max_bytes":1024,"follow_symlinks":null}',
  createdAt = "1735689600123456789",
) {
  return `{"id":"${INTENT_ID}","capability":"fs.read.v1","domain":"production","params":${params},"created_at_ns":${createdAt},"ttl_ms":30000,"nonce":"${NONCE}","signer":"${signer}","signature_b64":"${signature}","metadata":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","agent":"planner-7"}}`;
}

/** What Smith signs for `wire(...)`, written out by hand: sorted keys, no signature_b64. */
function canonical(
  signer: string,
  params = '{"follow_symlinks":null,"max_bytes":1024,"path":"/etc/hostname"}',
  createdAt = "1735689600123456789",
) {
  return `{"capability":"fs.read.v1","created_at_ns":${createdAt},"domain":"production","id":"${INTENT_ID}","metadata":{"agent":"planner-7","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},"nonce":"${NONCE}","params":${params},"signer":"${signer}","ttl_ms":30000}`;
}

function signText(text: string, signer: Signer): string {
  return sign(null, Buffer.from(text, "utf8"), signer.privateKey).toString("base64");
}

const alice = newSigner();
const mallory = newSigner();
const signature = signText(canonical(alice.publicB64), alice);
const signed = wire(alice.publicB64, signature);

describe("canonical bytes match the hand-written form", () => {
  it("for the signed fixture", () => {
    expect(new TextDecoder().decode(intentSigningBytes(signed))).toBe(canonical(alice.publicB64));
  });
});

describe("verifyIntentSignature", () => {
  it("verifies an intent signed by an independent Ed25519 signer", () => {
    expect(verifyIntentSignature(signed, {})).toEqual({
      state: "verified",
      reason: expect.stringContaining("no trusted-signer list"),
      trustListConfigured: false,
    });
    expect(verifyIntentSignature(signed, { trustedSigners: [] })).toMatchObject({
      state: "verified",
      trustListConfigured: false,
    });
  });

  it("verifies against a trusted list that holds the signer", () => {
    expect(
      verifyIntentSignature(signed, {
        trustedSigners: [mallory.publicB64, ` ${alice.publicB64} `],
      }),
    ).toMatchObject({
      state: "verified",
      trustListConfigured: true,
    });
  });

  it("flags a signer outside the trusted list", () => {
    const verdict = verifyIntentSignature(signed, {
      trustedSigners: [mallory.publicB64, "not base64"],
    });
    expect(verdict).toMatchObject({ state: "untrusted-signer", trustListConfigured: true });
    expect(verdict.reason).toContain(alice.publicB64);
  });

  it("does not depend on the wire's key order or whitespace", () => {
    const reordered = `{ "signature_b64": "${signature}",\n "metadata": {"agent":"planner-7","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}, "ttl_ms": 30000, "signer": "${alice.publicB64}", "params": {"max_bytes":1024,"path":"/etc/hostname","follow_symlinks":null}, "nonce": "${NONCE}", "id": "${INTENT_ID}", "domain": "production", "created_at_ns": 1735689600123456789, "capability": "fs.read.v1" }`;
    expect(verifyIntentSignature(reordered).state).toBe("verified");
  });

  it("checks the numbers as serde_json re-prints them (1.50 is signed as 1.5, 1e3 as 1000.0)", () => {
    const params = '{"benchmark_name":"latency","metrics":{"p50_ms":1.50,"p99_ms":1e3,"zero":-0}}';
    const smithBytes = canonical(alice.publicB64, '{"benchmark_name":"latency","metrics":{"p50_ms":1.5,"p99_ms":1000.0,"zero":-0.0}}');
    expect(verifyIntentSignature(wire(alice.publicB64, signText(smithBytes, alice), params)).state).toBe("verified");
    // Bytes signed as written are not what Smith checks.
    const asWritten = signText(canonical(alice.publicB64, params), alice);
    expect(verifyIntentSignature(wire(alice.publicB64, asWritten, params)).state).toBe("invalid");
  });

  it("ignores a top-level key Smith's struct does not have (it is not signed), as Smith does", () => {
    expect(verifyIntentSignature(signed.replace('"domain"', '"priority":"high","domain"')).state).toBe("verified");
  });

  it.each([
    [
      "a one-character change in params",
      wire(
        alice.publicB64,
        signature,
        '{"path":"/etc/hostnamf","max_bytes":1024,"follow_symlinks":null}',
      ),
    ],
    [
      "created_at_ns changed in the last digit (below double precision)",
      wire(alice.publicB64, signature, undefined, "1735689600123456790"),
    ],
    ["a metadata entry added after signing", signed.replace('"metadata":{', '"metadata":{"priority":"high",')],
    ["a different signer key than the one that signed", wire(mallory.publicB64, signature)],
    [
      "a signature from the wrong key",
      wire(alice.publicB64, signText(canonical(alice.publicB64), mallory)),
    ],
    [
      "a flipped signature bit",
      wire(
        alice.publicB64,
        Buffer.from(Buffer.from(signature, "base64").map((b, i) => (i === 0 ? b ^ 1 : b))).toString(
          "base64",
        ),
      ),
    ],
  ])("reports %s as invalid", (_name, raw) => {
    const verdict = verifyIntentSignature(raw, { trustedSigners: [alice.publicB64] });
    expect(verdict.state).toBe("invalid");
    expect(verdict.reason).toContain("does not match");
  });

  it.each([
    [
      "bad base64 in the signature",
      wire(alice.publicB64, "@@not-base64@@"),
      "signature_b64 is not valid base64",
    ],
    [
      "unpadded base64",
      wire(alice.publicB64, signature.replace(/=+$/, "")),
      "signature_b64 is not valid base64",
    ],
    [
      "a 63-byte signature",
      wire(alice.publicB64, Buffer.alloc(63).toString("base64")),
      "signature_b64 must decode to 64 bytes, got 63",
    ],
    ["a signer that is not base64", wire("ed25519:abc", signature), "signer is not valid base64"],
    [
      "a 31-byte signer",
      wire(Buffer.alloc(31, 1).toString("base64"), signature),
      "signer must decode to 32 bytes, got 31",
    ],
    [
      "a signer that is not a curve point",
      wire(Buffer.alloc(32, 0xff).toString("base64"), signature),
      "not a valid Ed25519 public key",
    ],
  ])("reports %s as invalid", (_name, raw, reason) => {
    expect(verifyIntentSignature(raw)).toMatchObject({
      state: "invalid",
      reason: expect.stringContaining(reason),
    });
  });

  it.each([
    ["empty", ""],
    ["blank", "  "],
  ])("reports an %s signature as unsigned", (_name, value) => {
    expect(
      verifyIntentSignature(wire(alice.publicB64, value), { trustedSigners: [alice.publicB64] }),
    ).toMatchObject({
      state: "unsigned",
      trustListConfigured: true,
    });
  });

  it.each([
    ["non-JSON", "{not json", "cannot read this intent: key must be a string"],
    ["an array", "[1,2]", "cannot read this intent: invalid length 2"],
    ["null", "null", "cannot read this intent: invalid type"],
    ["a number", "1735689600123456789", "cannot read this intent: invalid type"],
    ["no signature_b64", signed.replace(`"signature_b64":"${signature}",`, ""), "missing field `signature_b64`"],
    ["a numeric signature_b64", signed.replace(`"${signature}"`, "42"), "invalid type for signature_b64"],
    ["a repeated field", signed.replace('"domain"', '"domain":"staging","domain"'), "duplicate field `domain`"],
    ["a float ttl_ms", signed.replace('"ttl_ms":30000', '"ttl_ms":3e4'), "invalid type for ttl_ms"],
    ["deep nesting", `${"[".repeat(100000)}`, "recursion limit exceeded"],
    ["a lone surrogate", signed.replace(`"signer":"${alice.publicB64}"`, '"signer":"\\ud800"'), "lone leading surrogate"],
    ["created_at_ns above 2^64", wire(alice.publicB64, signature, undefined, "18446744073709551616"), "cannot be made"],
  ])("never throws on %s", (_name, raw, reason) => {
    const verdict = verifyIntentSignature(raw);
    expect(verdict.state).toBe("invalid");
    expect(verdict.reason).toContain(reason);
  });
});

describe("verifyIntentSignatureAsync", () => {
  const asyncNoble = (sig: Uint8Array, msg: Uint8Array, key: Uint8Array) =>
    Promise.resolve(strictNobleVerify(sig, msg, key));
  it.each([
    ["a signed intent", signed, [alice.publicB64]],
    ["an untrusted signer", signed, [mallory.publicB64]],
    ["no trust list", signed, []],
    ["a tampered intent", signed.replace("/etc/hostname", "/etc/hostnamf"), []],
    ["an unsigned intent", wire(alice.publicB64, ""), []],
    ["bad base64", wire(alice.publicB64, "@@"), []],
    ["non-JSON", "{not json", []],
  ])("gives the synchronous verdict for %s", async (_name, raw, trustedSigners) => {
    expect(await verifyIntentSignatureAsync(raw, { trustedSigners, verify: asyncNoble })).toEqual(
      verifyIntentSignature(raw, { trustedSigners }),
    );
  });

  it("turns a primitive that throws into an invalid verdict", async () => {
    const verdict = await verifyIntentSignatureAsync(signed, {
      verify: () => Promise.reject(new Error("no Ed25519 here")),
    });
    expect(verdict).toMatchObject({ state: "invalid", reason: expect.stringContaining("no Ed25519 here") });
  });
});
