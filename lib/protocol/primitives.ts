import { z } from "zod";

/*
 * Shared field types. The rule for integers follows the producers' Rust types:
 * - `u64` / `u128` fields become `bigint` (exact). `parseLossless` hands them over as
 *   `number` when they are small and as `bigint` when they are not; both are accepted.
 * - `u32` / `i32` and counters of unknown width (`usize`, token counts) become `number`
 *   after a range check.
 * Messages are written for the quarantine table: "expected an integer, got string".
 */

/** A short, type-level description of a JSON value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "bigint") return "number";
  return typeof value;
}

function describeNumber(value: number | bigint): string {
  return typeof value === "bigint" ? value.toString() : String(value);
}

function integerTypeMessage(input: unknown): string {
  if (input === undefined) return "missing, expected an integer";
  if (typeof input === "number") return `expected an integer, got ${describeNumber(input)}`;
  return `expected an integer, got ${describeValue(input)}`;
}

function isIntegerLike(value: unknown): value is number | bigint {
  return typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value));
}

const integerLike = () =>
  z.custom<number | bigint>(isIntegerLike, { error: (issue) => integerTypeMessage(issue.input) });

/** Unsigned integer of `bits` width, output as an exact `bigint`. */
function unsignedBig(bits: 64 | 128) {
  const max = (1n << BigInt(bits)) - 1n;
  return integerLike().transform((value, ctx) => {
    // A `number` this large was rounded before it got here (`JSON.parse`, not
    // `parseLossless`): accepting it would store a value the producer never sent.
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `expected an exact integer, got ${value}, which was already rounded (parse with parseLossless)`,
      });
      return z.NEVER;
    }
    const big = BigInt(value);
    if (big < 0n || big > max) {
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `expected an integer from 0 to 2^${bits}-1, got ${describeNumber(value)}`,
      });
      return z.NEVER;
    }
    return big;
  });
}

/** Integer in [min, max] (both within the safe range), output as `number`. */
function boundedInt(min: number, max: number, label: string) {
  return integerLike().transform((value, ctx) => {
    const n = Number(value);
    if (typeof value === "bigint" || n < min || n > max) {
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `expected ${label}, got ${describeNumber(value)}`,
      });
      return z.NEVER;
    }
    return n;
  });
}

/** Rust `u128` (e.g. `*_ns` nanosecond timestamps, about 1.7e18). */
export const u128 = unsignedBig(128);
/** Rust `u64` (byte counters, `seed`, second timestamps, memory limits). */
export const u64 = unsignedBig(64);
/** Rust `u32`. */
export const u32 = boundedInt(0, 0xffff_ffff, "an integer from 0 to 4294967295");
/** Rust `i32` (exit codes). */
export const i32 = boundedInt(
  -0x8000_0000,
  0x7fff_ffff,
  "an integer from -2147483648 to 2147483647",
);
/** A count whose Rust width is `usize` or not published: any safe non-negative integer. */
export const count = boundedInt(0, Number.MAX_SAFE_INTEGER, "a non-negative integer");
/** Any integer that fits a double exactly (JSON-RPC error codes). */
export const safeInt = boundedInt(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "an integer");

/** Rust `f64`: any finite number (a huge integer literal arrives as `bigint`). */
export const f64 = z
  .custom<number | bigint>(
    (v) => typeof v === "bigint" || (typeof v === "number" && Number.isFinite(v)),
    {
      error: (issue) =>
        issue.input === undefined
          ? "missing, expected a number"
          : `expected a finite number, got ${describeValue(issue.input)}`,
    },
  )
  .transform((value) => Number(value));

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lowercase hyphenated UUID of any version, as serde writes `uuid::Uuid`. */
export const uuid = z.string().regex(UUID_RE, { error: "expected a lowercase hyphenated UUID" });

/** A string that must carry something: ids used as keys. */
export const nonEmptyString = z.string().min(1, { error: "must not be empty" });

/** Any JSON value, which must be present (it may be `null`). */
export const jsonValue = z.unknown();

/** A JSON object with arbitrary values (Rust `HashMap<String, Value>`). */
export const jsonObject = z.record(z.string(), z.unknown());

const RFC3339_RE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp string (chrono's `DateTime<Utc>` serialization). */
export const rfc3339 = z.string().regex(RFC3339_RE, { error: "expected an RFC 3339 timestamp" });

/**
 * A string enum that stays open: the known values are listed (and typed) for display,
 * but a value a newer producer introduces is accepted as it comes.
 */
export function openEnum<const T extends string>(_known: readonly T[]) {
  return z.custom<T | (string & Record<never, never>)>(
    (v) => typeof v === "string" && v.length > 0,
    {
      error: (issue) =>
        issue.input === ""
          ? "must not be empty"
          : issue.input === undefined
            ? "missing, expected string"
            : `expected string, got ${describeValue(issue.input)}`,
    },
  );
}

function describeTag(input: unknown): string {
  if (typeof input === "string") return JSON.stringify(input);
  if (input === null || typeof input !== "object" || Array.isArray(input))
    return describeValue(input);
  const keys = Object.keys(input);
  return keys.length === 0
    ? "an empty object"
    : `an object with keys ${keys.map((k) => JSON.stringify(k)).join(", ")}`;
}

/**
 * The error for a union of serde externally tagged variants (`"Unit"` or `{"Tag": ...}`).
 * When the tag itself is wrong it says which tags exist; when the tag is right it steps
 * aside, so that the report points into the variant's payload instead.
 */
export function externalTagError(unitTags: readonly string[], objectTags: readonly string[]) {
  return (issue: { input?: unknown }): string | undefined => {
    const input = issue.input;
    if (typeof input === "string" && unitTags.includes(input)) return undefined;
    if (input !== null && typeof input === "object" && !Array.isArray(input)) {
      const keys = Object.keys(input);
      if (keys.length === 1 && objectTags.includes(keys[0] ?? "")) return undefined;
    }
    const list = (tags: readonly string[]) => tags.map((t) => JSON.stringify(t)).join(", ");
    const [unit] = unitTags;
    const [tag] = objectTags;
    const units = unitTags.length === 1 ? JSON.stringify(unit) : `one of ${list(unitTags)}`;
    const objects =
      objectTags.length === 1
        ? `{${JSON.stringify(tag)}: ...}`
        : `an object with exactly one key of ${list(objectTags)}`;
    const expected = [unitTags.length > 0 ? units : "", objectTags.length > 0 ? objects : ""]
      .filter((part) => part !== "")
      .join(" or ");
    return `expected ${expected}; got ${describeTag(input)}`;
  };
}

/** `n` bytes written as a JSON array of integers 0-255 (serde's `[u8; n]`). */
export function byteArray(n: number) {
  return z.array(boundedInt(0, 255, "a byte (0-255)")).refine((bytes) => bytes.length === n, {
    error: (issue) =>
      `expected ${n} bytes, got ${Array.isArray(issue.input) ? issue.input.length : 0}`,
  });
}

/** Milliseconds since the epoch from exact nanoseconds, for display only. */
export function nsToMillis(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}
