import { AUDIT_FIELDS, CLOSED_FIELDS, FIELD_NAMES, isAuditField, type AuditField } from "./fields";

export interface FieldTerm {
  field: AuditField;
  value: string;
}

export interface ParsedQuery {
  /** field:value terms, in the order typed (a field given twice must match both). */
  terms: FieldTerm[];
  /** Free words and "quoted phrases" for the full-text index. */
  text: string[];
}

export interface QueryError {
  message: string;
  /** Where in the input the problem starts (for the caret). */
  at: number;
}

export type ParseResult = { ok: true; query: ParsedQuery } | { ok: false; error: QueryError };

/** Reads a quoted string starting at `i` (on the quote); returns its text and the index after it. */
function readQuoted(input: string, i: number): { text: string; end: number } | null {
  let out = "";
  for (let j = i + 1; j < input.length; j++) {
    const c = input[j];
    if (c === "\\" && j + 1 < input.length) {
      out += input[++j];
      continue;
    }
    if (c === '"') return { text: out, end: j + 1 };
    out += c;
  }
  return null;
}

/**
 * Parses the audit search language: `field:value`, `field:"quoted value"`, bare words and
 * `"quoted phrases"`, separated by spaces. A malformed query gives one clear error with
 * its position, never an exception: `decision:` (no value), an unclosed quote, an unknown
 * field (text with a colon can be quoted), or a value a closed field does not have.
 */
export function parseAuditQuery(input: string): ParseResult {
  const terms: FieldTerm[] = [];
  const text: string[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? "";
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      const q = readQuoted(input, i);
      if (!q) return { ok: false, error: { message: `unclosed quote at position ${start + 1}`, at: start } };
      if (q.text.trim() !== "") text.push(q.text);
      i = q.end;
      continue;
    }
    const field = /^([A-Za-z_]+):/.exec(input.slice(i));
    if (field?.[1]) {
      const name = field[1].toLowerCase();
      if (!isAuditField(name))
        return {
          ok: false,
          error: { message: `unknown field "${field[1]}" (fields: ${FIELD_NAMES.join(", ")}); put text with a colon in quotes`, at: start },
        };
      i += field[0].length;
      let value: string;
      if (input[i] === '"') {
        const q = readQuoted(input, i);
        if (!q) return { ok: false, error: { message: `unclosed quote at position ${i + 1}`, at: i } };
        value = q.text;
        i = q.end;
      } else {
        const m = /^[^\s"]*/.exec(input.slice(i));
        value = m?.[0] ?? "";
        i += value.length;
      }
      if (value.trim() === "") return { ok: false, error: { message: `${name}: needs a value (${name}:value)`, at: start } };
      const known: readonly string[] = AUDIT_FIELDS[name].values;
      if (CLOSED_FIELDS.has(name) && !known.includes(value))
        return { ok: false, error: { message: `${name}: "${value}" is not one of ${known.join(", ")}`, at: start } };
      terms.push({ field: name, value });
      continue;
    }
    const word = /^[^\s"]+/.exec(input.slice(i))?.[0] ?? "";
    text.push(word);
    i += word.length;
  }
  return { ok: true, query: { terms, text } };
}

/** The query as the person would type it (a URL round-trip keeps it readable). */
export function formatAuditQuery(q: ParsedQuery): string {
  const quote = (v: string) => (/[\s"]/.test(v) || v === "" ? `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"` : v);
  return [...q.terms.map((t) => `${t.field}:${quote(t.value)}`), ...q.text.map((w) => (/[\s:"]/.test(w) ? quote(w) : w))].join(" ");
}
