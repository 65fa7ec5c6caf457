// A reimplementation of Smith's intent verifier (`Intent::verify_signature`,
// `Intent::canonical_json`, smith-protocol lib.rs:450-490 and 970-998): serde_json reads
// the bytes into the typed struct, unknown top-level keys drop out, `to_value` +
// `to_string` re-print every number and sort every object's keys, compactly. Written
// independently of lib/protocol (its own parser, its own number printing, Node's OpenSSL
// Ed25519), so that the property test comparing the two (smith-canonical.property.test.ts)
// can find them disagreeing.
import { createPublicKey, verify as nodeVerify } from "node:crypto";

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
/** The capabilities Smith 0.1.2 knows (its enum). */
export const KNOWN_CAPS = ["fs.read.v1", "http.fetch.v1", "fs.write.v1", "git.clone.v1", "archive.read.v1", "sqlite.query.v1", "bench.report.v1", "shell.exec.v1", "http_fetch"];

export type SmithOutcome = { read: false } | { read: true; canonical: string | null; verdict: "unsigned" | "valid" | "invalid" | "error" };

function strictB64(s: string): Buffer | null {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  const buf = Buffer.from(s, "base64");
  return buf.toString("base64") === s ? buf : null;
}

/** What Smith 0.1.2 does with an intent's bytes: whether it reads them, its canonical bytes and its verdict. */
export function smith(raw: string): SmithOutcome {
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
