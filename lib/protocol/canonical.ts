import { LosslessNumber } from "./json";
import { compareUtf8 } from "./serde-json";
import { readSmithIntent } from "./smith-canonical";

/** A parsed JSON object (not an array, not a number wrapper). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof LosslessNumber)
  );
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/*
 * Written out by hand rather than via a sorted copy + stringify: a copy made with
 * `out[key] = ...` would turn a `__proto__` key into a prototype change and drop it
 * from the signed bytes. Strings are escaped by `JSON.stringify`, which escapes exactly
 * what serde_json escapes (`"`, `\`, control characters; not `/` nor non-ASCII).
 */
function write(value: unknown, out: string[]): void {
  if (value === null) {
    out.push("null");
  } else if (typeof value === "string") {
    out.push(JSON.stringify(value));
  } else if (typeof value === "boolean") {
    out.push(value ? "true" : "false");
  } else if (typeof value === "bigint") {
    out.push(value.toString());
  } else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be written as JSON`);
    out.push(JSON.stringify(value));
  } else if (value instanceof LosslessNumber) {
    out.push(value.value);
  } else if (Array.isArray(value)) {
    out.push("[");
    value.forEach((item: unknown, i) => {
      if (i > 0) out.push(",");
      write(item, out);
    });
    out.push("]");
  } else if (typeof value === "object" && isPlainObject(value)) {
    out.push("{");
    let first = true;
    for (const key of Object.keys(value).sort(compareUtf8)) {
      const item = value[key];
      if (item === undefined) continue;
      if (!first) out.push(",");
      first = false;
      out.push(JSON.stringify(key), ":");
      write(item, out);
    }
    out.push("}");
  } else {
    throw new TypeError(`a ${typeof value} cannot be written as JSON`);
  }
}

/**
 * Canonical JSON as Smith signs it: keys sorted recursively in byte order, compact,
 * numbers exactly as written. Pass values from `parseExact` (or `bigint`s) so that no
 * number is rounded on the way.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join("");
}

/**
 * The bytes an intent's signature covers, as Smith's verifier makes them (serde reads the
 * intent into its struct, then writes it back sorted and compact without
 * `signature_b64`; see smith-canonical.ts). Throws when Smith could not read it.
 */
export function intentSigningBytes(rawIntent: string): Uint8Array {
  const read = readSmithIntent(rawIntent);
  if (!read.ok) throw new TypeError(`not an intent Smith can read: ${read.reason}`);
  if (!read.value.canonical.ok) throw new TypeError(read.value.canonical.reason);
  return read.value.canonical.bytes;
}
