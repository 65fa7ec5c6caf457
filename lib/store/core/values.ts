import "server-only";
import { parseLossless, stringifyLossless } from "@/lib/protocol/json";

/** Epoch milliseconds (floored) of exact nanoseconds: the sortable twin of a `*_ns` column. */
export function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

/** Exact difference of two nanosecond instants in (fractional) milliseconds. */
export function nsSpanMs(from: bigint, to: bigint): number {
  const d = to - from;
  return Number(d / 1_000_000n) + Number(d % 1_000_000n) / 1e6;
}

/** A JSON column's text: lossless, so `bigint` values are written digit for digit. */
export function jsonText(value: unknown): string {
  return stringifyLossless(value === undefined ? null : value);
}

/** Like `jsonText`, but SQL NULL for an absent or null value. */
export function jsonTextOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : stringifyLossless(value);
}

/**
 * A stored JSON column for an API answer: parsed losslessly, then every `bigint`
 * turned into its decimal string, because the browser's `JSON.parse` would round it.
 */
export function apiJson(text: string | null): unknown {
  if (text === null) return null;
  return bigintsToStrings(parseLossless(text));
}

function bigintsToStrings(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(bigintsToStrings);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = bigintsToStrings(v);
    return out;
  }
  return value;
}

/** A stored `{string: string}` object (graph metadata) for an API answer. */
export function stringRecord(text: string): Record<string, string> {
  const value: unknown = JSON.parse(text);
  const out: Record<string, string> = {};
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  }
  return out;
}

const MAX_SEARCH_TEXT = 4096;

/**
 * The leaf values of a JSON value joined by spaces: what a person searches for in
 * params ("/etc/passwd", "api.github.com"), without the keys every intent shares.
 * Capped, so that a huge params blob does not bloat the full-text index.
 */
export function searchText(value: unknown): string {
  const parts: string[] = [];
  let size = 0;
  const walk = (v: unknown): void => {
    if (size >= MAX_SEARCH_TEXT) return;
    if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") {
      const s = String(v);
      parts.push(s);
      size += s.length + 1;
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (v !== null && typeof v === "object") {
      for (const item of Object.values(v)) walk(item);
    }
  };
  walk(value);
  return parts.join(" ").slice(0, MAX_SEARCH_TEXT);
}

/** A string-valued field of a free-form object, or null. */
export function stringField(obj: Readonly<Record<string, unknown>>, key: string): string | null {
  const v = obj[key];
  return typeof v === "string" && v !== "" ? v : null;
}

export function bool(v: boolean): number {
  return v ? 1 : 0;
}
