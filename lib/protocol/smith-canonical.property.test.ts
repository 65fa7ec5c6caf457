// Property test: Pilot's signed bytes and verdict equal those of a reimplementation of
// Smith's verifier (`Intent::verify_signature`, `Intent::canonical_json`, smith-protocol
// lib.rs:450-490 and 970-998: serde_json reads the bytes into the typed struct, unknown
// top-level keys drop out, `to_value` + `to_string` re-print every number and sort every
// object's keys, compactly) over seeded random intents. The reimplementation below is
// written independently of lib/protocol (its own parser, its own number printing, Node's
// OpenSSL Ed25519), so that the two can disagree.
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { intentSigningBytes } from "./canonical";
import { verifyIntentSignature } from "./signature";

// ---------- the reimplementation of serde_json + Intent ----------

type Num = { num: string };
type Obj = { pairs: [string, Val][] };
type Val = null | boolean | string | Num | Val[] | Obj;
class Reject extends Error {}

function serdeParse(src: string): Val {
  let p = 0;
  const bad = (m: string): never => {
    throw new Reject(m);
  };
  const skip = () => {
    while (/[ \t\n\r]/.test(src[p] ?? "x")) p++;
  };
  const parseStr = (): string => {
    p++;
    const parts: string[] = [];
    while (src[p] !== '"') {
      const ch = src[p];
      if (ch === undefined) bad("eof");
      else if (ch < " ") bad("control");
      else if (ch !== "\\") parts.push(src[p++] ?? "");
      else {
        const esc = src[p + 1];
        p += 2;
        const table: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "/": "/", "\\": "\\", '"': '"' };
        if (esc !== undefined && esc in table) parts.push(table[esc] ?? "");
        else if (esc === "u") {
          const code = Number.parseInt(src.slice(p, p + 4), 16);
          if (!/^[0-9a-f]{4}$/i.test(src.slice(p, p + 4))) bad("hex");
          p += 4;
          if (code >= 0xd800 && code < 0xdc00) {
            const low = src.slice(p, p + 6);
            const lc = Number.parseInt(low.slice(2), 16);
            if (!/^\\u[0-9a-f]{4}$/i.test(low) || lc < 0xdc00 || lc > 0xdfff) bad("lone surrogate");
            p += 6;
            parts.push(String.fromCharCode(code, lc));
          } else if (code >= 0xdc00 && code < 0xe000) bad("lone surrogate");
          else parts.push(String.fromCharCode(code));
        } else bad("escape");
      }
    }
    p++;
    return parts.join("");
  };
  const parseVal = (level: number): Val => {
    skip();
    const ch = src[p];
    if (ch === "[" || ch === "{") {
      if (level + 1 >= 128) bad("recursion");
      p++;
      const arr: Val[] = [];
      const pairs: [string, Val][] = [];
      skip();
      const end = ch === "[" ? "]" : "}";
      if (src[p] === end) {
        p++;
        return ch === "[" ? arr : { pairs };
      }
      for (;;) {
        skip();
        if (ch === "{") {
          if (src[p] !== '"') bad("key");
          const k = parseStr();
          skip();
          if (src[p] !== ":") bad("colon");
          p++;
          pairs.push([k, parseVal(level + 1)]);
        } else arr.push(parseVal(level + 1));
        skip();
        if (src[p] === ",") p++;
        else if (src[p] === end) {
          p++;
          return ch === "[" ? arr : { pairs };
        } else bad("sep");
      }
    }
    if (ch === '"') return parseStr();
    if (src.startsWith("true", p)) return (p += 4), true;
    if (src.startsWith("false", p)) return (p += 5), false;
    if (src.startsWith("null", p)) return (p += 4), null;
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(src.slice(p));
    if (!m) return bad("value");
    p += m[0].length;
    if (Math.abs(Number(m[0])) === Infinity) bad("number out of range");
    return { num: m[0] };
  };
  const v = parseVal(0);
  skip();
  if (p < src.length) bad("trailing");
  return v;
}

/** ryu's pretty printing, derived from the JS shortest form. */
function ryu(x: number): string {
  if (x === 0) return 1 / x < 0 ? "-0.0" : "0.0";
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(String(x));
  if (!m) throw new Error(`no form for ${x}`);
  const [, sign = "", whole = "", frac = "", ex = "0"] = m;
  let digits = (whole + frac).replace(/^0+/, "");
  const pointAt = whole.length + Number(ex) - (whole.length + frac.length - digits.length); // digits before the point
  digits = digits.replace(/0+$/, "") || "0";
  const kk = pointAt;
  const k = kk - digits.length;
  if (k >= 0 && kk <= 16) return sign + digits + "0".repeat(k) + ".0";
  if (kk > 0 && kk <= 16) return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -5 && kk <= 0) return `${sign}0.${"0".repeat(-kk)}${digits}`;
  return `${sign}${digits[0]}${digits.length > 1 ? "." + digits.slice(1) : ""}e${kk - 1}`;
}

function valueNum(t: string): string {
  if (/^-?\d+$/.test(t)) {
    const b = BigInt(t);
    if (b >= 0n && !t.startsWith("-") && b < 2n ** 64n) return String(b);
    if (b < 0n && b >= -(2n ** 63n)) return String(b);
  }
  return ryu(Number(t));
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
function print(v: Val): string {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map(print).join(",") + "]";
  if ("num" in v) return valueNum(v.num);
  const last = new Map(v.pairs);
  return "{" + [...last.keys()].sort(byBytes).map((k) => JSON.stringify(k) + ":" + print(last.get(k) ?? null)).join(",") + "}";
}

const ORDER = ["id", "capability", "domain", "params", "created_at_ns", "ttl_ms", "nonce", "signer", "signature_b64", "metadata"];
const KNOWN_CAPS = ["fs.read.v1", "http.fetch.v1", "fs.write.v1", "git.clone.v1", "archive.read.v1", "sqlite.query.v1", "bench.report.v1", "shell.exec.v1", "http_fetch"];

type SmithOutcome = { read: false } | { read: true; canonical: string | null; verdict: "unsigned" | "valid" | "invalid" | "error" };

function strictB64(s: string): Buffer | null {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  const buf = Buffer.from(s, "base64");
  return buf.toString("base64") === s ? buf : null;
}

function smith(raw: string): SmithOutcome {
  let fields: Map<string, Val>;
  try {
    const top = serdeParse(raw);
    fields = new Map();
    if (Array.isArray(top)) {
      if (top.length !== 10) throw new Reject("length");
      top.forEach((v, i) => fields.set(ORDER[i] ?? "", v));
    } else if (top !== null && typeof top === "object" && "pairs" in top) {
      for (const [k, v] of top.pairs) {
        if (!ORDER.includes(k)) continue;
        if (fields.has(k)) throw new Reject("duplicate");
        fields.set(k, v);
      }
    } else throw new Reject("type");
    for (const f of ORDER) if (!fields.has(f)) throw new Reject("missing");
    for (const f of ["id", "domain", "nonce", "signer", "signature_b64"]) if (typeof fields.get(f) !== "string") throw new Reject(f);
    const cap = fields.get("capability");
    if (typeof cap !== "string" || !KNOWN_CAPS.includes(cap)) throw new Reject("capability");
    const int = (f: string, max: bigint, allowMinusZero: boolean) => {
      const v = fields.get(f);
      if (v === null || typeof v !== "object" || !("num" in v) || !/^-?\d+$/.test(v.num)) throw new Reject(f);
      if (v.num.startsWith("-") && !(allowMinusZero && BigInt(v.num) === 0n)) throw new Reject(f);
      if (BigInt(v.num) > max) throw new Reject(f);
    };
    int("created_at_ns", 2n ** 128n - 1n, true);
    int("ttl_ms", 2n ** 32n - 1n, false);
    const meta = fields.get("metadata");
    if (meta === null || typeof meta !== "object" || !("pairs" in meta)) throw new Reject("metadata");
  } catch (e) {
    if (e instanceof Reject) return { read: false };
    throw e;
  }
  const get = (f: string) => fields.get(f) ?? null;
  const createdAt = BigInt((get("created_at_ns") as Num).num);
  const obj: Obj = { pairs: ORDER.filter((f) => f !== "signature_b64").map((f) => [f, f === "created_at_ns" ? { num: String(createdAt) } : get(f)]) };
  const canonical = createdAt >= 2n ** 64n ? null : print(obj);
  const sig = String(get("signature_b64")).trim();
  if (sig === "") return { read: true, canonical, verdict: "unsigned" };
  const key = strictB64(String(get("signer")).trim());
  const sigBytes = strictB64(sig);
  if (!key || key.length !== 32 || !sigBytes || sigBytes.length !== 64 || canonical === null) return { read: true, canonical, verdict: "error" };
  let ok = false;
  try {
    const pub = createPublicKey({ key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), key]), format: "der", type: "spki" });
    ok = nodeVerify(null, Buffer.from(canonical), pub, sigBytes);
  } catch {
    return { read: true, canonical, verdict: "error" }; // VerifyingKey::from_bytes refuses the point
  }
  return { read: true, canonical, verdict: ok ? "valid" : "invalid" };
}

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
