import { parseLossless, stringifyLossless } from "@/lib/protocol/json";

function fields(raw: string): Map<string, string> | null {
  try {
    const v = parseLossless(raw);
    if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
    return new Map(Object.entries(v).map(([k, x]) => [k, stringifyLossless(x)]));
  } catch {
    return null;
  }
}

/**
 * The top-level fields in which two copies of an intent differ, in the first copy's key
 * order then the second's: what an auditor compares first (a tampered `params`, another
 * `signature_b64`). Only key order or spacing differs: empty. Null when one copy is not a
 * JSON object (then only the bytes can be compared).
 */
export function differingFields(first: string, other: string): string[] | null {
  const a = fields(first);
  const b = fields(other);
  if (!a || !b) return null;
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.filter((k) => a.get(k) !== b.get(k));
}
