import { LosslessNumber, parseExact, stringifyLossless } from "./json";

/** Byte order of the UTF-8 encodings, which is code-point order (not UTF-16 order). */
function compareKeys(a: string, b: string): number {
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

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object" && !(value instanceof LosslessNumber)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareKeys)) {
      out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * Canonical JSON as Smith signs it: keys sorted recursively in byte order, compact,
 * numbers exactly as written. Pass values from `parseExact` (or `bigint`s) so that no
 * number is rounded on the way.
 */
export function canonicalJson(value: unknown): string {
  return stringifyLossless(sortKeysDeep(value));
}

/**
 * The bytes an intent's signature covers: the intent as received, without its
 * `signature_b64` key, in canonical JSON.
 */
export function intentSigningBytes(rawIntent: string): Uint8Array {
  const parsed = parseExact(rawIntent);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new TypeError("an intent must be a JSON object");
  }
  const rest: Record<string, unknown> = { ...parsed };
  delete rest.signature_b64;
  return new TextEncoder().encode(canonicalJson(rest));
}
