import { isDeepStrictEqual } from "node:util";
import { isInteger, isSafeNumber, LosslessNumber, parse, stringify } from "lossless-json";
import { describe, expect, it } from "vitest";
import { messages } from "@/lib/testing/demo/stream-fixture";
import { fastParse, fastStringify } from "./json-fast";
import { parseExact, parseLossless, stringifyLossless } from "./json";
import { AUDIT_EVENT_RAW, INTENT_RAW, RESULT_DENIED_RAW, RESULT_OK_RAW } from "./test-fixtures";

/** lossless-json alone, as parseLossless / parseExact were before the fast path. */
function reference(text: string, exact: boolean): { value: unknown } | { error: string } {
  try {
    return exact
      ? { value: parse(text) }
      : {
          value: parse(text, null, (d: string) =>
            isSafeNumber(d) ? Number(d) : isInteger(d) ? BigInt(d) : Number(d),
          ),
        };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function viaPublic(text: string, exact: boolean): { value: unknown } | { error: string } {
  try {
    return { value: exact ? parseExact(text) : parseLossless(text) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

const TRICKY = [
  "1",
  "-0",
  "0",
  "1.50",
  "1e3",
  "-1E-7",
  "9007199254740991",
  "9007199254740992",
  "-9007199254740993",
  "12345678901234567.5",
  "1000000000000000000000e0",
  "340282366920938463463374607431768211455",
  '"9007199254740993"',
  '{"a":1735689600123456789,"b":[1,2.5,-0,18446744073709551615],"c":{"d":null}}',
  '{"s":"quote \\" inside","n":12345678901234567890}',
  '{"s":"backslash \\\\","n":12345678901234567890}',
  '{"s":"\\\\\\"","n":12345678901234567890}',
  '{"a":1,"a":2}',
  '{"a":1,"a":1}',
  '{"a":{"x":[1,2]},"a":{"x":[1,2]}}',
  '{"a":12345678901234567890,"a":12345678901234567891}',
  '{"__proto__":{"x":1},"b":12345678901234567890}',
  '{"__proto__":12345678901234567890}',
  "{1:2}",
  "{12345678901234567890:1}",
  '{"a":01}',
  '{"a":012345678901234567890}',
  '{"a":1.2.3}',
  "[1true]",
  '["\\uE000123",12345678901234567890]',
  '["\uE000123",12345678901234567890]',
  '["\\ue000"]',
  '{"k\\u0041y":"v\\n","2":1,"1":2}',
  '{"a":"unterminated}',
  '{"a":}',
  "[1,2",
  "",
  "   ",
  "{} x",
  ' {\n\t"a" : [ 1 , 12345678901234567890 ] } \r\n',
  "[".repeat(300) + "]".repeat(300),
  "[".repeat(100000),
  "-",
  "--1",
  "1e",
  "[-]",
  '{"a":"\u0001"}',
  "\uFEFF{}",
  "nul",
  "[null,true,false]",
];

describe("fast lossless parsing", () => {
  it.each(TRICKY.map((t) => [t.length > 60 ? `${t.slice(0, 60)}…` : t, t]))(
    "agrees with lossless-json on %j",
    (_name, text) => {
      for (const exact of [false, true]) {
        expect(viaPublic(text, exact)).toStrictEqual(reference(text, exact));
      }
    },
  );

  it("agrees with lossless-json on every demo message and the protocol fixtures", () => {
    const texts = [
      ...messages.map((m) => m.payload),
      INTENT_RAW,
      RESULT_OK_RAW,
      RESULT_DENIED_RAW,
      AUDIT_EVENT_RAW,
    ];
    const differ = texts.filter((text) =>
      [false, true].some(
        (exact) => !isDeepStrictEqual(viaPublic(text, exact), reference(text, exact)),
      ),
    );
    expect(differ).toEqual([]);
    // And the comparison is about the fast path: nearly every message takes it.
    const fast = texts.filter((text) => fastParse(text, false) !== null).length;
    expect(fast / texts.length).toBeGreaterThan(0.95);
  }, 60_000);

  it("takes the fast path for ordinary messages, big integers included", () => {
    expect(fastParse(INTENT_RAW, false)).not.toBeNull();
    expect(fastParse(INTENT_RAW, true)).not.toBeNull();
    expect(fastParse(AUDIT_EVENT_RAW, false)).not.toBeNull();
  });

  it("leaves repeated keys, deep nesting and the marker to lossless-json", () => {
    expect(fastParse('{"a":1,"a":2}', false)).toBeNull();
    expect(fastParse("[".repeat(300) + "]".repeat(300), false)).toBeNull();
    expect(fastParse('["\uE000",12345678901234567890]', false)).toBeNull();
  });
});

describe("fast lossless stringify", () => {
  const reference = (v: unknown) => stringify(v, null);

  it.each([
    ["bigints", { a: 18446744073709551615n, b: [1n, -2n, 3], c: "x" }],
    ["lossless numbers", { a: new LosslessNumber("1.50"), b: new LosslessNumber("-0") }],
    ["a top-level bigint", 1735689600123456789n],
    ["plain data", { a: null, b: true, c: 1.5, d: 'é\u0001"\\', e: [], f: {} }],
    ["undefined and functions", { a: undefined, b: () => 1, c: [undefined, () => 1] }],
    ["dates and boxed values", { d: new Date(0), n: Object(1), s: Object("x") }],
    ["NaN and infinities", [NaN, Infinity, -Infinity]],
    ["the marker in a string", { a: "\uE000123", b: 1n }],
    ["the marker in a key", { "\uE0001": 1n }],
    ["the marker alone", "\uE000"],
    ["__proto__ as data", JSON.parse('{"__proto__":{"x":1},"n":1}')],
  ])("writes %s as lossless-json does", (_name, value) => {
    expect(stringifyLossless(value)).toBe(reference(value));
  });

  it("writes every demo message's parsed value as lossless-json does", () => {
    const values = messages.flatMap((m) => {
      try {
        return [parseLossless(m.payload)];
      } catch {
        return [];
      }
    });
    const differ = values.filter((v) => stringifyLossless(v) !== reference(v));
    expect(differ).toEqual([]);
    expect(values.filter((v) => fastStringify(v) !== null).length).toBe(values.length);
  }, 60_000);
});
