import { describe, expect, it } from "vitest";
import { isJsonObject } from "./canonical";
import { LosslessNumber, parseExact, parseLossless, stringifyLossless } from "./json";
import { intentSchema } from "./smith-intent";
import { intentResultSchema } from "./smith-result";
import { auditEventSchema } from "./smith-audit";
import {
  AUDIT_EVENT_RAW,
  CREATED_AT_NS,
  INTENT_RAW,
  RESULT_DENIED_RAW,
  RESULT_OK_RAW,
} from "./test-fixtures";

describe("parseLossless", () => {
  it.each([
    ["1", 1],
    ["-42", -42],
    ["1.5", 1.5],
    ["9007199254740991", 9007199254740991],
    ["9007199254740992", 9007199254740992n],
    [CREATED_AT_NS, 1735689600123456789n],
    ["340282366920938463463374607431768211455", 340282366920938463463374607431768211455n],
  ])("reads %s", (text, expected) => {
    expect(parseLossless(text)).toBe(expected);
  });

  it("keeps an object's keys and order", () => {
    const value = parseLossless('{"b":1,"a":2}');
    expect(isJsonObject(value) && Object.keys(value)).toEqual(["b", "a"]);
  });

  it.each(['{"a":}', "[1,2", '{"a":1,"a":2}', "", "{} x"])("rejects %j", (text) => {
    expect(() => parseLossless(text)).toThrow(SyntaxError);
  });
});

describe("parseExact", () => {
  it("keeps every number as written", () => {
    const value = parseExact('{"a":1.50,"b":1e3,"c":-0}');
    expect(value).toEqual({
      a: new LosslessNumber("1.50"),
      b: new LosslessNumber("1e3"),
      c: new LosslessNumber("-0"),
    });
  });
});

describe("nanosecond timestamps survive parse → schema → stringify", () => {
  it("keeps created_at_ns digit for digit", () => {
    const intent = intentSchema.parse(parseLossless(INTENT_RAW));
    expect(intent.created_at_ns).toBe(1735689600123456789n);
    expect(intent.created_at_ns.toString()).toBe(CREATED_AT_NS);
    const written = stringifyLossless(intent);
    expect(written).toContain(`"created_at_ns":${CREATED_AT_NS}`);
    // JSON.parse would have rounded it:
    expect(String(JSON.parse(INTENT_RAW).created_at_ns)).not.toBe(CREATED_AT_NS);
  });

  it.each([
    ["intent", intentSchema, INTENT_RAW],
    ["ok result", intentResultSchema, RESULT_OK_RAW],
    ["denied result", intentResultSchema, RESULT_DENIED_RAW],
    ["audit event with a u64::MAX counter", auditEventSchema, AUDIT_EVENT_RAW],
  ] as const)("round-trips a %s byte for byte", (_name, schema, raw) => {
    expect(stringifyLossless(schema.parse(parseLossless(raw)))).toBe(raw);
  });
});

describe("stringifyLossless", () => {
  it("writes bigint and LosslessNumber exactly, compact unless asked", () => {
    expect(stringifyLossless({ a: 18446744073709551615n, b: new LosslessNumber("1.50") })).toBe(
      '{"a":18446744073709551615,"b":1.50}',
    );
    expect(stringifyLossless({ a: 1 }, 2)).toBe('{\n  "a": 1\n}');
  });

  it("refuses what is not JSON", () => {
    expect(() => stringifyLossless(undefined)).toThrow(TypeError);
  });
});
