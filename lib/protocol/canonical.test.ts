import { describe, expect, it } from "vitest";
import { canonicalJson, intentSigningBytes } from "./canonical";
import { parseExact } from "./json";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("canonicalJson", () => {
  it.each([
    ["sorts keys", '{"b":1,"a":2}', '{"a":2,"b":1}'],
    [
      "sorts recursively, in arrays too",
      '{"z":{"y":1,"x":[{"d":1,"c":2}]},"a":null}',
      '{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}',
    ],
    ["removes whitespace", '{ "a" : [ 1 , 2 ] ,\n "b" : true }', '{"a":[1,2],"b":true}'],
    [
      "keeps numbers as written",
      '{"a":1.50,"b":1e3,"c":1E+3,"d":-0,"e":1735689600123456789}',
      '{"a":1.50,"b":1e3,"c":1E+3,"d":-0,"e":1735689600123456789}',
    ],
    ["keeps array order", "[3,1,2]", "[3,1,2]"],
    ["keeps scalars", '"x"', '"x"'],
  ])("%s", (_name, input, expected) => {
    expect(canonicalJson(parseExact(input))).toBe(expected);
  });

  it("sorts by UTF-8 byte order, not UTF-16", () => {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (4 bytes, F0 ...) in byte order,
    // but after it in UTF-16 code units (0xFF5E > 0xD83D).
    const input = '{"😀":1,"～":2,"é":3,"z":4,"Z":5}';
    expect(canonicalJson(parseExact(input))).toBe('{"Z":5,"z":4,"é":3,"～":2,"😀":1}');
  });

  it("escapes strings as serde_json does", () => {
    const input = '{"s":"a\\u0001\\n\\t\\"\\\\/é\\u2028"}';
    expect(canonicalJson(parseExact(input))).toBe('{"s":"a\\u0001\\n\\t\\"\\\\/é\u2028"}');
  });

  it("keeps a __proto__ key as data", () => {
    expect(canonicalJson(parseExact('{"b":1,"__proto__":{"x":1}}'))).toBe(
      '{"__proto__":{"x":1},"b":1}',
    );
  });

  it("writes bigints exactly and refuses non-finite numbers", () => {
    expect(canonicalJson({ n: 18446744073709551615n, m: 2 })).toBe(
      '{"m":2,"n":18446744073709551615}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});

describe("intentSigningBytes", () => {
  const intent = (params: string, extra = "") =>
    `{"signature_b64":"abc","id":"x","capability":"fs.read.v1","domain":"d",${extra}"params":${params},"created_at_ns":1735689600123456789,"ttl_ms":1,"nonce":"n","signer":"s","metadata":{"b":1,"a":[1.0]}}`;

  it("is Smith's canonical_json: signature_b64 and unknown keys dropped, numbers re-printed, keys sorted", () => {
    expect(text(intentSigningBytes(intent('{"b":1.50,"a":1,"c":1e3,"d":-0}', '"extra":true,')))).toBe(
      '{"capability":"fs.read.v1","created_at_ns":1735689600123456789,"domain":"d","id":"x","metadata":{"a":[1.0],"b":1},"nonce":"n","params":{"a":1,"b":1.5,"c":1000.0,"d":-0.0},"signer":"s","ttl_ms":1}',
    );
  });

  it("keeps a nested signature_b64 (only the top-level field is left out)", () => {
    expect(text(intentSigningBytes(intent('{"signature_b64":"x"}')))).toContain('"params":{"signature_b64":"x"}');
  });

  it.each(["[]", "1", "null", '"x"', '{"id":"x"}'])("refuses %s", (raw) => {
    expect(() => intentSigningBytes(raw)).toThrow(TypeError);
  });
});
