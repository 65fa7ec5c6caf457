import { LosslessNumber } from "lossless-json";

/*
 * A fast path for lossless JSON parsing. lossless-json reads text one character at a
 * time in JavaScript, about ten times slower than the engine's JSON.parse, and ingest
 * parses every message (intents twice: once for the schema, once exactly for the
 * signature). Here a light scan finds the number tokens that need care (integers beyond
 * 2^53; in exact mode every number), JSON.parse reads the text with those tokens quoted
 * behind a private-use marker, and a walk turns the marked strings back into `bigint` or
 * `LosslessNumber`. The result is the same value lossless-json would give, or null when
 * the text is one of the cases where the two could differ, and the caller then hands
 * the text to lossless-json itself:
 * - JSON.parse rejects it (lossless-json then throws its own, more precise, message);
 * - a key repeats in one object (JSON.parse keeps the last value, lossless-json throws
 *   unless both are equal): seen as fewer keys after parsing than members in the text;
 * - it nests deeper than MAX_DEPTH (lossless-json recurses and may throw RangeError);
 * - it already contains the marker character, written or escaped.
 *
 * Node 22+ can do this alone (a JSON.parse reviver gets each number's source text), but
 * measured on the demo's traffic it is slower: 18.5 µs of CPU per message against 7.2
 * here, 6.9 against 4.1 for an exact intent (`scripts/bench/json-decode.ts`, Node 24).
 * V8 calls the reviver for every value of every message, not only for the big integers.
 */

const MARKER = "\uE000";
const MARKER_ESCAPED = /\\u[eE]000/;
/** Far below the depth at which lossless-json's recursion overflows the stack. */
const MAX_DEPTH = 256;
/** Integers of fewer digits are always safe (2^53 has 16). */
const SAFE_DIGITS = 15;

const QUOTE = 34;
const BACKSLASH = 92;

function isNumberChar(c: number): boolean {
  // digits, '.', 'e', 'E', '+', '-'
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

/** Digits only, with an optional minus: what lossless-json calls an integer. */
function isIntegerToken(text: string, start: number, end: number): boolean {
  for (let k = text.charCodeAt(start) === 45 ? start + 1 : start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// A quoted token must be a valid JSON number: quoting "012" or "1.2.3" would make
// invalid text valid.
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

interface Scan {
  /** Object members in the text (one ':' outside strings each). */
  members: number;
  /** [start, end) offsets of the number tokens to quote, flattened. */
  tokens: number[];
}

/** One pass over the text outside strings; strings are skipped with indexOf. Null: fall back. */
function scan(text: string, exact: boolean): Scan | null {
  const n = text.length;
  const tokens: number[] = [];
  let members = 0;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return null;
        let k = q - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        // An even run of backslashes before the quote escapes only themselves.
        if ((q - 1 - k) % 2 === 0) {
          i = q + 1;
          break;
        }
        from = q + 1;
      }
      continue;
    }
    if (c === 58) {
      members++;
    } else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return null;
    } else if (c === 125 || c === 93) {
      depth--;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      if (exact || (j - i > SAFE_DIGITS && isIntegerToken(text, i, j))) {
        const token = text.slice(i, j);
        if (!JSON_NUMBER.test(token)) return null;
        if (exact || !Number.isSafeInteger(Number(token))) tokens.push(i, j);
      }
      i = j;
      continue;
    }
    i++;
  }
  return { members, tokens };
}

/** The text with each token written as a marked string: 123 → "\uE000123". */
function quoteTokens(text: string, tokens: readonly number[]): string {
  const parts: string[] = [];
  let at = 0;
  for (let t = 0; t < tokens.length; t += 2) {
    const start = tokens[t] ?? 0;
    const end = tokens[t + 1] ?? 0;
    parts.push(text.slice(at, start), '"', MARKER, text.slice(start, end), '"');
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

type Revive = (digits: string) => unknown;

const toBigInt: Revive = (digits) => BigInt(digits);
const toLossless: Revive = (digits) => new LosslessNumber(digits);

function isRecord(value: object): value is Record<string, unknown> {
  return !Array.isArray(value);
}

interface WalkState {
  revive: Revive | null;
  keys: number;
  /** A key carries the marker: a quoted token stood where only a key may (`{1:2}`). */
  markedKey: boolean;
}

/**
 * Puts marked strings back as numbers (when `revive` is given) and counts object keys,
 * in place. The value came from JSON.parse, so it is a tree of plain data.
 */
function walk(value: unknown, st: WalkState): unknown {
  const revive = st.revive;
  if (typeof value === "string") {
    return revive && value.charCodeAt(0) === 0xe000 ? revive(value.slice(1)) : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const item: unknown = value[k];
      if (item !== null && (typeof item === "object" || (revive && typeof item === "string"))) {
        value[k] = walk(item, st);
      }
    }
    return value;
  }
  if (!isRecord(value)) return value;
  for (const key of Object.keys(value)) {
    st.keys++;
    if (revive && key.charCodeAt(0) === 0xe000) st.markedKey = true;
    const item = value[key];
    if (item !== null && (typeof item === "object" || (revive && typeof item === "string"))) {
      // An own data property, "__proto__" included (JSON.parse defines them all), so
      // assignment writes the property and never reaches a setter.
      value[key] = walk(item, st);
    }
  }
  return value;
}

/**
 * `exact` false: unsafe integers become `bigint`, every other number a `number` (as
 * `parseLossless`). `exact` true: every number becomes a `LosslessNumber` (as
 * `parseExact`). Null when lossless-json must decide (see the top of this file).
 */
export function fastParse(text: string, exact: boolean): { value: unknown } | null {
  const found = scan(text, exact);
  if (!found) return null;
  const marked = found.tokens.length > 0;
  if (marked && (text.includes(MARKER) || MARKER_ESCAPED.test(text))) return null;
  let value: unknown;
  try {
    value = JSON.parse(marked ? quoteTokens(text, found.tokens) : text);
  } catch {
    return null;
  }
  const st: WalkState = {
    revive: marked ? (exact ? toLossless : toBigInt) : null,
    keys: 0,
    markedKey: false,
  };
  const out = walk(value, st);
  return st.keys === found.members && !st.markedKey ? { value: out } : null;
}

/**
 * Whether a value holds a `bigint` or a `LosslessNumber` (a replacer slows JSON.stringify
 * down a lot, so it is passed only when needed). Deep or cyclic values answer true.
 */
function hasExactNumbers(value: unknown, depth: number): boolean {
  if (typeof value === "bigint") return true;
  if (value === null || typeof value !== "object") return false;
  if (value instanceof LosslessNumber || depth > MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (hasExactNumbers(item, depth + 1)) return true;
    return false;
  }
  if (!isRecord(value)) return true;
  for (const key in value) {
    if (Object.hasOwn(value, key) && hasExactNumbers(value[key], depth + 1)) return true;
  }
  return false;
}

/** Occurrences of the marker character in `text`. */
function markers(text: string): number {
  let n = 0;
  for (let at = text.indexOf(MARKER); at !== -1; at = text.indexOf(MARKER, at + 1)) n++;
  return n;
}

const MARKED_NUMBER = /"\uE000([^"]*)"/g;

/**
 * Compact JSON as lossless-json writes it, through JSON.stringify: `bigint` and
 * `LosslessNumber` values are written as marked strings by a replacer, then unquoted.
 * Null when the value already holds the marker somewhere (lossless-json must decide).
 */
export function fastStringify(value: unknown): { text: string | undefined } | null {
  let numbers = 0;
  let text: string | undefined;
  try {
    text = JSON.stringify(
      value,
      hasExactNumbers(value, 0)
        ? (_key, v: unknown) => {
            if (typeof v === "bigint") {
              numbers++;
              return MARKER + v.toString();
            }
            if (v instanceof LosslessNumber) {
              numbers++;
              return MARKER + v.value;
            }
            return v;
          }
        : undefined,
    );
  } catch {
    // A cycle, a throwing toJSON: lossless-json reports it its own way.
    return null;
  }
  if (numbers === 0) {
    return text === undefined || !text.includes(MARKER) ? { text } : null;
  }
  if (text === undefined || markers(text) !== numbers) return null;
  return { text: text.replace(MARKED_NUMBER, "$1") };
}
