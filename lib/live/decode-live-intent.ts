import { isInteger, isSafeNumber } from "lossless-json";
import { decodeMessage, intentSchema, validate, type Intent } from "@/lib/protocol";
import { quickScanJsonKeys, scanJsonKeys } from "./json-key-scan";

/** The fields of an intent the live list shows and filters on. */
export type ListIntent = Pick<Intent, "id" | "capability" | "domain" | "signer" | "created_at_ns" | "ttl_ms" | "metadata">;

export type LiveIntentDecode = { ok: true; intent: ListIntent; raw: string } | { ok: false };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** A number's digits as `parseLossless` turns them into a value. */
function losslessValue(digits: string): number | bigint {
  if (isSafeNumber(digits)) return Number(digits);
  if (isInteger(digits)) return BigInt(digits);
  return Number(digits);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function exact(subject: string, data: Uint8Array): LiveIntentDecode {
  const decoded = decodeMessage(subject, data);
  return decoded.ok && decoded.kind === "intent" ? { ok: true, intent: decoded.value, raw: decoded.raw } : { ok: false };
}

/**
 * Decodes an intent for the live list, accepting exactly what `decodeMessage` accepts
 * (so a live row is a row the index will hold) at a fraction of its cost: the browser's
 * own `JSON.parse` plus one key scan, then the same zod schema. The exact parser would
 * differ from `JSON.parse` only on repeated keys, very deep nesting and rounded big
 * integers: the scan catches the first two (those messages take the exact path) and
 * hands over `created_at_ns` digit for digit. Numbers inside `params` and `metadata` may
 * be rounded here; the list shows none of them, and the detail page reads the exact text.
 */
export function decodeLiveIntent(subject: string, data: Uint8Array): LiveIntentDecode {
  let raw: string;
  let parsed: unknown;
  try {
    raw = utf8.decode(data);
    parsed = JSON.parse(raw);
  } catch {
    return exact(subject, data);
  }
  const quick = quickScanJsonKeys(raw, parsed, "created_at_ns");
  const scan = quick === undefined ? scanJsonKeys(raw, "created_at_ns") : quick;
  if (!scan || !isRecord(parsed)) return exact(subject, data);
  if (scan.topNumber !== null) parsed.created_at_ns = losslessValue(scan.topNumber);
  const checked = validate(intentSchema, parsed);
  // A rejection is rare: let the exact path decide it, reasons and all.
  return checked.ok ? { ok: true, intent: checked.value, raw } : exact(subject, data);
}
