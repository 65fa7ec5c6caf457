// Property test: Pilot's signed bytes and verdict equal those of a reimplementation of
// Smith's verifier (lib/testing/smith-reference-verifier.ts, written independently of
// lib/protocol) over seeded random intents.
import { createPrivateKey, createPublicKey, sign as nodeSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KNOWN_CAPS, smith } from "@/lib/testing/smith-reference-verifier";
import { intentSigningBytes } from "./canonical";
import { verifyIntentSignature } from "./signature";

// ---------- seeded generator ----------

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const NUMBERS = ["0", "1", "-1", "42", "1.50", "1.5", "1e3", "1E+3", "-0", "-0.0", "0.1", "1e-7", "0.000001", "1e21", "1e16", "1e15", "123.456e-2", "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "1735689600123456789", "3.141592653589793", "2.5e-300", "1.7976931348623157e308", "100", "100.0", "5e-324"];
const STRINGS = ["", "a", "/etc/hostname", "é", "😀", "～", "\u2028", "Z", "z", "tab\there", 'quote"d', "back\\slash", "\u0001", "ключ", "日本"];

function str(r: Rng): string {
  const s = r.pick(STRINGS) + (r.chance(0.3) ? r.pick(STRINGS) : "");
  // Written with JSON.stringify, or with every non-ASCII as \u escapes (serde reads both the same).
  const json = JSON.stringify(s);
  return r.chance(0.3) ? json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
}

function value(r: Rng, depth: number): string {
  const kind = depth > 3 ? r.int(4) : r.int(6);
  if (kind === 0) return r.pick(["null", "true", "false"]);
  if (kind === 1) return str(r);
  if (kind <= 3) return r.chance(0.7) ? r.pick(NUMBERS) : String((r.next() - 0.5) * 10 ** r.int(30));
  if (kind === 4) return `[${Array.from({ length: r.int(4) }, () => value(r, depth + 1)).join(",")}]`;
  const n = r.int(5);
  const members = Array.from({ length: n }, () => `${str(r)}:${value(r, depth + 1)}`);
  if (n > 0 && r.chance(0.15)) members.push(members[0] ?? ""); // a repeated key: the last wins
  return `{${members.join(r.pick([",", " , ", ",\n"]))}}`;
}

const SEED_BYTES = (i: number) => Buffer.from(Array.from({ length: 32 }, (_, k) => (i * 29 + k * 7) % 256));
function keyPair(i: number) {
  const priv = createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), SEED_BYTES(i)]), format: "der", type: "pkcs8" });
  const pub = createPublicKey(priv).export({ format: "der", type: "spki" }).subarray(12).toString("base64");
  return { priv, pub };
}
const KEYS = [keyPair(1), keyPair(2)];

function intentCase(r: Rng): string {
  const key = r.pick(KEYS);
  const fields: [string, string][] = [
    ["id", JSON.stringify("01941f29-7c7b-7a1e-9c3d-5b8f2e4a6c01")],
    ["capability", JSON.stringify(r.pick(KNOWN_CAPS))],
    ["domain", str(r)],
    ["params", value(r, 1)],
    ["created_at_ns", r.chance(0.85) ? r.pick(["1735689600123456789", "0", "18446744073709551615"]) : r.pick(["18446744073709551616", "1.7e18", "-1"])],
    ["ttl_ms", r.chance(0.85) ? r.pick(["30000", "0", "4294967295"]) : r.pick(["4294967296", "1e3", "-1", "-0", "30000.0"])],
    ["nonce", JSON.stringify("3f2b8c1e-9d4a-4e7b-a6c5-1d0e8f7b2a94")],
    ["signer", JSON.stringify(r.chance(0.1) ? ` ${key.pub}` : key.pub)],
    ["signature_b64", '""'],
    ["metadata", r.chance(0.05) ? "null" : `{${Array.from({ length: r.int(3) }, () => `${str(r)}:${value(r, 2)}`).join(",")}}`],
  ];
  if (r.chance(0.3)) fields.push([r.pick(["priority", "extra", "é", "signature"]), value(r, 1)]); // unknown top-level keys
  if (r.chance(0.03)) fields.splice(r.int(fields.length), 1); // a missing field
  if (r.chance(0.03)) fields.push(["domain", '"other"']); // a repeated field
  for (let i = fields.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [fields[i], fields[j]] = [fields[j] ?? ["", ""], fields[i] ?? ["", ""]];
  }
  const ws = () => r.pick(["", "", " ", "\n  "]);
  const write = (sig: string) => `{${fields.map(([k, v]) => `${ws()}${JSON.stringify(k)}:${ws()}${k === "signature_b64" ? sig : v}`).join(",")}}`;
  const unsigned = write('""');
  const outcome = smith(unsigned);
  const mode = r.int(10);
  if (mode === 0 || !outcome.read || outcome.canonical === null) return r.chance(0.5) ? unsigned : write(JSON.stringify(r.pick(["  ", "@@", "AAAA"])));
  let sig = nodeSign(null, Buffer.from(outcome.canonical), (mode === 1 ? r.pick(KEYS) : key).priv).toString("base64");
  if (mode === 2) sig = ` ${sig}\n`;
  if (mode === 3) sig = sig.replace(/=+$/, "");
  const signed = write(JSON.stringify(sig));
  if (mode === 4 || mode === 5) return signed.replace(/"params":(\s*)\{/, '"params":$1{"injected":1,'); // tampered after signing
  return signed;
}

// ---------- the property ----------

function pilot(raw: string): { canonical: string | null; state: string } {
  let canonical: string | null = null;
  try {
    canonical = new TextDecoder().decode(intentSigningBytes(raw));
  } catch {
    canonical = null;
  }
  return { canonical, state: verifyIntentSignature(raw).state };
}

const STATE: Record<string, string> = { unsigned: "unsigned", valid: "verified", invalid: "invalid", error: "invalid" };

describe("Pilot's signature verdict is Smith's verifier's", () => {
  it("for 600 seeded random intents (unknown keys, numbers like 1.50 / 1e3 / -0 / big integers, nested unsorted params, unicode)", () => {
    const r = rng(20261216);
    const seen = new Map<string, number>();
    for (let n = 0; n < 600; n++) {
      const raw = intentCase(r);
      const want = smith(raw);
      const got = pilot(raw);
      const expected = want.read ? { canonical: want.canonical, state: STATE[want.verdict] } : { canonical: null, state: "invalid" };
      if (got.canonical !== expected.canonical || got.state !== expected.state) {
        throw new Error(`case ${n} differs:\n${raw}\nSmith: ${JSON.stringify(expected)}\nPilot: ${JSON.stringify(got)}`);
      }
      const label = want.read ? want.verdict : "unreadable";
      seen.set(label, (seen.get(label) ?? 0) + 1);
    }
    // The generator reaches every verdict often enough for the property to mean something.
    for (const label of ["valid", "invalid", "unsigned", "error", "unreadable"]) expect(seen.get(label) ?? 0).toBeGreaterThan(15);
  });

  it.each([
    ["1.50", "1.5"],
    ["1e3", "1000.0"],
    ["-0", "-0.0"],
    ["18446744073709551616", "1.8446744073709552e19"],
    ["-9223372036854775809", "-9.223372036854776e18"],
    ["1e21", "1e21"],
    ["0.000001", "1e-6"],
    ["0.00001", "0.00001"],
    ["1e16", "1e16"],
    ["1e15", "1000000000000000.0"],
    ["123456789012345680000", "1.2345678901234568e20"],
  ])("prints %s as serde_json does (%s), like the reimplementation", (token, printed) => {
    const raw = `{"id":"i","capability":"fs.read.v1","domain":"d","params":{"n":${token}},"created_at_ns":1,"ttl_ms":1,"nonce":"n","signer":"s","signature_b64":"","metadata":{}}`;
    const want = smith(raw);
    expect(want.read && want.canonical).toContain(`"params":{"n":${printed}}`);
    expect(pilot(raw).canonical).toBe(want.read ? want.canonical : null);
  });

  it("keeps a capability Smith 0.1.2 does not know readable (deliberately: its bytes are a newer Smith's)", () => {
    const raw = `{"id":"i","capability":"vector.search.v1","domain":"d","params":{},"created_at_ns":1,"ttl_ms":1,"nonce":"n","signer":"s","signature_b64":"","metadata":{}}`;
    expect(smith(raw)).toEqual({ read: false });
    expect(pilot(raw)).toEqual({ canonical: expect.stringContaining('"capability":"vector.search.v1"'), state: "unsigned" });
  });
});
