// JSON read the way serde_json 1.x reads it into `serde_json::Value` (no
// `arbitrary_precision`, no `preserve_order`), for Smith's canonical intent bytes:
// - a number keeps its token: integers in u64 (or negative in i64) stay integers, every
//   other number is an f64 (so `-0` is `-0.0`, `1e3` is `1000.0`, 2^64 is `1.8446744073709552e19`);
//   a number beyond f64 is an error ("number out of range");
// - an object keeps its members in order, repeats included: a `Value` map keeps the last,
//   a struct refuses a repeated field (the caller decides);
// - strings refuse unescaped control characters and lone surrogate escapes;
// - nesting is limited to 127 containers (serde_json's recursion limit of 128).

export interface SerdeNumber {
  readonly token: string;
  /** No fraction, no exponent. */
  readonly integer: boolean;
}
export type SerdeValue = null | boolean | string | SerdeNumber | SerdeValue[] | SerdeObject;
/** Members in order, repeated keys included. */
export interface SerdeObject {
  readonly members: [string, SerdeValue][];
}

export class SerdeJsonError extends Error {}

export const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const MAX_DEPTH = 127;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

export function isSerdeObject(v: SerdeValue): v is SerdeObject {
  return v !== null && typeof v === "object" && "members" in v;
}
export function isSerdeNumber(v: SerdeValue): v is SerdeNumber {
  return v !== null && typeof v === "object" && "token" in v;
}

export function parseSerdeJson(text: string): SerdeValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new SerdeJsonError(`${what} at position ${i}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const hex4 = (): number => {
    const h = text.slice(i, i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) fail("invalid escape");
    i += 4;
    return parseInt(h, 16);
  };
  const string = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      if (i >= text.length) fail("EOF while parsing a string");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return out;
      }
      if (c < 0x20) fail("control character in a string");
      if (c !== 0x5c) {
        out += text.charAt(i++);
        continue;
      }
      const e = text.charAt(i + 1);
      i += 2;
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e in simple) {
        out += simple[e];
        continue;
      }
      if (e !== "u") fail("invalid escape");
      const u = hex4();
      if (u >= 0xdc00 && u <= 0xdfff) fail("lone trailing surrogate in hex escape");
      if (u >= 0xd800 && u <= 0xdbff) {
        if (text.slice(i, i + 2) !== "\\u") fail("lone leading surrogate in hex escape");
        i += 2;
        const low = hex4();
        if (low < 0xdc00 || low > 0xdfff) fail("lone leading surrogate in hex escape");
        out += String.fromCharCode(u, low);
      } else out += String.fromCharCode(u);
    }
  };
  const value = (depth: number): SerdeValue => {
    ws();
    const c = text.charAt(i);
    if (c === "{" || c === "[") {
      if (depth >= MAX_DEPTH) fail("recursion limit exceeded");
      i++;
      ws();
      const close = c === "{" ? "}" : "]";
      const members: [string, SerdeValue][] = [];
      const items: SerdeValue[] = [];
      if (text.charAt(i) === close) i++;
      else
        for (;;) {
          if (c === "{") {
            ws();
            if (text.charAt(i) !== '"') fail("key must be a string");
            const key = string();
            ws();
            if (text.charAt(i++) !== ":") fail("expected ':'");
            members.push([key, value(depth + 1)]);
          } else items.push(value(depth + 1));
          ws();
          const next = text.charAt(i++);
          if (next === close) break;
          if (next !== ",") fail(`expected ',' or '${close}'`);
        }
      return c === "{" ? { members } : items;
    }
    if (c === '"') return string();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === "" || m[0] === "-") return fail("expected value");
    i += m[0].length;
    const n: SerdeNumber = { token: m[0], integer: m[1] === undefined && m[2] === undefined };
    if (!Number.isFinite(Number(n.token))) fail("number out of range");
    return n;
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail("trailing characters");
  return v;
}

/** Byte order of the UTF-8 encodings (code-point order), as Rust orders `String`s. */
export function compareUtf8(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/** An f64 as serde_json prints it (ryu): `1.5`, `1000.0`, `-0.0`, `1e21`, `1.5e-7`. */
export function printF64(f: number): string {
  if (f === 0) return Object.is(f, -0) ? "-0.0" : "0.0";
  const sign = f < 0 ? "-" : "";
  const [mantissa = "", exp = "0"] = Math.abs(f).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const kk = Number(exp) + 1; // 10^(kk-1) <= |f| < 10^kk
  const k = kk - digits.length;
  if (k >= 0 && kk <= 16) return `${sign}${digits}${"0".repeat(k)}.0`;
  if (kk > 0 && kk <= 16) return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -5 && kk <= 0) return `${sign}0.${"0".repeat(-kk)}${digits}`;
  const e = `e${kk - 1}`;
  return digits.length === 1 ? `${sign}${digits}${e}` : `${sign}${digits[0]}.${digits.slice(1)}${e}`;
}

/** A number as `Value` holds and prints it. */
export function printValueNumber(n: SerdeNumber): string {
  if (n.integer) {
    const v = BigInt(n.token);
    const negative = n.token.startsWith("-");
    if (!negative && v <= U64_MAX) return v.toString();
    if (negative && v !== 0n && v >= I64_MIN) return v.toString();
  }
  return printF64(Number(n.token));
}

/** `serde_json::to_string` of the `Value`: keys sorted (BTreeMap), last repeat wins, compact. */
export function printValue(v: SerdeValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(printValue).join(",")}]`;
  if (isSerdeNumber(v)) return printValueNumber(v);
  const map = new Map<string, SerdeValue>();
  for (const [k, x] of v.members) map.set(k, x);
  const keys = [...map.keys()].sort(compareUtf8);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${printValue(map.get(k) ?? null)}`).join(",")}}`;
}
