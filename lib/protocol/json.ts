import { isInteger, isSafeNumber, LosslessNumber, parse, stringify } from "lossless-json";
import { fastParse, fastStringify } from "./json-fast";

/**
 * Parses JSON without losing integers above 2^53: safe numbers become `number`, larger
 * integers become `bigint` (Smith's `*_ns` fields are about 1.7e18). Floats that would
 * lose digits stay `number`: no producer field needs more than a double there.
 */
export function parseLossless(text: string): unknown {
  const fast = fastParse(text, false);
  if (fast) return fast.value;
  return parse(text, null, (digits: string) => {
    if (isSafeNumber(digits)) return Number(digits);
    if (isInteger(digits)) return BigInt(digits);
    return Number(digits);
  });
}

/**
 * Parses JSON keeping every number as the exact text the producer wrote
 * (`LosslessNumber`), for canonical JSON and signatures.
 */
export function parseExact(text: string): unknown {
  const fast = fastParse(text, true);
  if (fast) return fast.value;
  return parse(text);
}

/** Compact JSON; `bigint` and `LosslessNumber` are written digit for digit. */
export function stringifyLossless(value: unknown, space?: number): string {
  const fast = space === undefined ? fastStringify(value) : null;
  const out = fast ? fast.text : stringify(value, null, space);
  if (out === undefined) throw new TypeError("value cannot be written as JSON");
  return out;
}

export { LosslessNumber };
