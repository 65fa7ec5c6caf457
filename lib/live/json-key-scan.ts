/**
 * What `JSON.parse` does not tell about a text it accepted, and the exact parser
 * (`lossless-json`) would: whether some object repeats a key (the exact parser refuses
 * that, `JSON.parse` keeps the last), and the digits of one top-level number as written
 * (`JSON.parse` rounds a 19-digit nanosecond timestamp). Only for text that `JSON.parse`
 * has already accepted: syntax is not checked again.
 */
export interface KeyScan {
  /** The top-level `topKey` value's text when it is a number, else null. */
  topNumber: string | null;
}

/** Deeper than this, the exact parser's recursion may give up where `JSON.parse` does not. */
export const MAX_SCAN_DEPTH = 64;

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isNumberChar(c: number): boolean {
  // digits, minus, plus, dot, e, E
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

function numberAt(text: string, from: number): string | null {
  let i = from;
  while (isSpace(text.charCodeAt(i))) i++;
  const start = i;
  while (isNumberChar(text.charCodeAt(i))) i++;
  return i > start ? text.slice(start, i) : null;
}

/**
 * Scans JSON text character by character for repeated keys and the top-level `topKey`
 * number. Returns null when it cannot vouch for the text (a repeated key, an escaped key,
 * too deep): the caller then parses it the exact way.
 */
export function scanJsonKeys(text: string, topKey: string): KeyScan | null {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let topNumber: string | null = null;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let j = start;
      let escaped = false;
      for (;;) {
        const d = text.charCodeAt(j);
        if (d === QUOTE || Number.isNaN(d)) break;
        if (d === BACKSLASH) {
          escaped = true;
          j += 2;
        } else {
          j++;
        }
      }
      let k = j + 1;
      while (isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== COLON) {
        i = j + 1;
        continue;
      }
      // A key. Escapes could spell the same key two ways: leave those to the exact parser.
      const keys = open[open.length - 1];
      if (escaped || !keys) return null;
      const key = text.slice(start, j);
      if (keys.has(key)) return null;
      keys.add(key);
      i = k + 1;
      if (open.length === 1 && key === topKey) topNumber = numberAt(text, i);
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (open.length >= MAX_SCAN_DEPTH) return null;
      open.push(c === OPEN_OBJECT ? new Set() : null);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      open.pop();
    }
    i++;
  }
  return { topNumber };
}

/** Keys in a parsed tree (NaN past the depth limit). */
function countKeys(value: unknown, depth: number): number {
  if (typeof value !== "object" || value === null) return 0;
  if (depth > MAX_SCAN_DEPTH) return Number.NaN;
  const items = Array.isArray(value) ? value : Object.values(value);
  let count = Array.isArray(value) ? 0 : items.length;
  for (const item of items) if (typeof item === "object" && item !== null) count += countKeys(item, depth + 1);
  return count;
}

/**
 * The same answer as `scanJsonKeys` for the common text, at a fraction of its cost,
 * given what `JSON.parse` made of it; undefined when it cannot tell (then scan).
 *
 * Without a backslash in the text every quote delimits a string, and without blank
 * before a colon every key is a `"…":`; so the text's count of `":` is its count of keys,
 * and the parsed tree has fewer exactly when some object repeats a key.
 */
export function quickScanJsonKeys(text: string, parsed: unknown, topKey: string): KeyScan | null | undefined {
  if (text.includes("\\") || /\s:/.test(text)) return undefined;
  let written = 0;
  for (let at = text.indexOf('":'); at !== -1; at = text.indexOf('":', at + 2)) written++;
  const kept = countKeys(parsed, 1);
  if (Number.isNaN(kept)) return undefined;
  if (kept !== written) return null;
  const needle = `"${topKey}":`;
  const at = text.indexOf(needle);
  if (at === -1) return { topNumber: null };
  // Twice in the text: one is nested; only the full scan knows which is on top.
  if (text.indexOf(needle, at + needle.length) !== -1) return undefined;
  const isTop = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && Object.hasOwn(parsed, topKey);
  return { topNumber: isTop ? numberAt(text, at + needle.length) : null };
}
