import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssues, validate } from "./issues";
import {
  byteArray,
  count,
  f64,
  i32,
  nsToMillis,
  openEnum,
  rfc3339,
  u128,
  u32,
  u64,
  uuid,
} from "./primitives";

function reasonOf(schema: z.ZodType, data: unknown): string {
  const result = validate(schema, data);
  if (result.ok) throw new Error("expected a failure");
  return result.reason;
}

describe("u64 / u128", () => {
  it.each([
    [u64, 0, 0n],
    [u64, 42, 42n],
    [u64, 18446744073709551615n, 18446744073709551615n],
    [u128, 1735689600123456789n, 1735689600123456789n],
    [u128, 2n ** 128n - 1n, 2n ** 128n - 1n],
  ])("accepts %#", (schema, input, expected) => {
    expect(schema.parse(input)).toBe(expected);
  });

  it.each([
    [u64, "5", "expected an integer, got string"],
    [u64, 1.5, "expected an integer, got 1.5"],
    [u64, -1, "expected an integer from 0 to 2^64-1, got -1"],
    [u64, 18446744073709551616n, "expected an integer from 0 to 2^64-1, got 18446744073709551616"],
    [u128, null, "expected an integer, got null"],
    [u128, undefined, "missing, expected an integer"],
    [u128, 2n ** 128n, "got 340282366920938463463374607431768211456"],
    [
      u128,
      1735689600123456800,
      "expected an exact integer, got 1735689600123456800, which was already rounded",
    ],
  ])("rejects %#", (schema, input, message) => {
    expect(reasonOf(schema, input)).toContain(message);
  });
});

describe("bounded integers", () => {
  it.each([
    [u32, 4294967295, true],
    [u32, 4294967296, false],
    [u32, -1, false],
    [u32, 5n, false],
    [i32, -2147483648, true],
    [i32, 2147483648, false],
    [count, 9007199254740991, true],
    [count, 9007199254740992n, false],
  ])("%#", (schema, input, ok) => {
    expect(schema.safeParse(input).success).toBe(ok);
  });

  it("outputs numbers", () => {
    expect(u32.parse(7)).toBe(7);
  });
});

describe("f64", () => {
  it("accepts finite numbers and converts a huge integer literal", () => {
    expect(f64.parse(0.25)).toBe(0.25);
    expect(f64.parse(10n ** 20n)).toBe(1e20);
  });
  it("rejects non-numbers and infinities", () => {
    expect(reasonOf(f64, "1")).toBe("(root): expected a finite number, got string");
    expect(f64.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
  });
});

describe("strings", () => {
  it.each([
    [uuid, "01941f29-7c7b-7a1e-9c3d-5b8f2e4a6c01", true],
    [uuid, "3f2b8c1e-9d4a-4e7b-a6c5-1d0e8f7b2a94", true],
    [uuid, "01941F29-7C7B-7A1E-9C3D-5B8F2E4A6C01", false],
    [uuid, "01941f297c7b7a1e9c3d5b8f2e4a6c01", false],
    [rfc3339, "2025-01-01T00:00:00Z", true],
    [rfc3339, "2025-01-01T00:00:00.123456789+02:00", true],
    [rfc3339, "2025-01-01", false],
  ])("%#", (schema, input, ok) => {
    expect(schema.safeParse(input).success).toBe(ok);
  });

  it("keeps open enums open", () => {
    const shape = openEnum(["a", "b"] as const);
    expect(shape.parse("c")).toBe("c");
    expect(reasonOf(shape, 3)).toBe("(root): expected string, got number");
    expect(reasonOf(shape, "")).toBe("(root): must not be empty");
  });
});

describe("byteArray", () => {
  it("accepts exactly n bytes", () => {
    expect(byteArray(4).parse([0, 1, 254, 255])).toEqual([0, 1, 254, 255]);
  });
  it.each([
    [[1, 2, 3], "expected 4 bytes, got 3"],
    [[1, 2, 3, 256], "[3]: expected a byte (0-255), got 256"],
    [[1, 2, 3, "4"], "[3]: expected an integer, got string"],
  ])("rejects %j", (input, message) => {
    expect(reasonOf(byteArray(4), input)).toContain(message);
  });
});

describe("formatIssues", () => {
  const schema = z.looseObject({
    created_at_ns: u128,
    status: z.enum(["ok", "error"]),
    nested: z.looseObject({ list: z.array(z.string()) }),
    name: z.string(),
  });

  it("names the path and the wrong type", () => {
    const result = schema.safeParse({
      created_at_ns: "1735689600123456789",
      status: "bogus",
      nested: { list: ["a", 2] },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatIssues(result.error)).toBe(
      'created_at_ns: expected an integer, got string; status: expected one of "ok", "error"; nested.list[1]: expected string, got number; name: missing, expected string',
    );
  });

  it("shows the offending value when the input is reported", () => {
    expect(reasonOf(schema.shape.status, "bogus")).toBe(
      '(root): expected one of "ok", "error", got "bogus"',
    );
  });

  it("reports the deepest branch of a union", () => {
    const tagged = z.union([
      z.strictObject({ User: z.looseObject({ key: byteArray(2) }) }),
      z.strictObject({ Agent: z.string() }),
    ]);
    expect(reasonOf(z.looseObject({ issuer: tagged }), { issuer: { User: { key: [1] } } })).toBe(
      "issuer.User.key: expected 2 bytes, got 1",
    );
  });

  it("explains a discriminator that matches no variant", () => {
    const union = z.discriminatedUnion("type", [
      z.looseObject({ type: z.literal("A") }),
      z.looseObject({ type: z.literal("B") }),
    ]);
    expect(reasonOf(union, { type: "C" })).toBe('type: expected one of "A", "B"; got "C"');
    expect(reasonOf(union, {})).toBe('type: expected one of "A", "B"; missing');
  });

  it("caps the list", () => {
    const many = z.looseObject(
      Object.fromEntries(["a", "b", "c", "d", "e", "f", "g"].map((k) => [k, z.string()])),
    );
    expect(reasonOf(many, {})).toMatch(/; and 2 more$/);
  });
});

describe("nsToMillis", () => {
  it("derives milliseconds for display", () => {
    expect(nsToMillis(1735689600123456789n)).toBeCloseTo(1735689600123.4568, 3);
    expect(new Date(nsToMillis(1735689600123456789n)).toISOString()).toBe(
      "2025-01-01T00:00:00.123Z",
    );
  });
});
