import "server-only";

const WORD = /[\p{L}\p{N}]/u;

/**
 * Turns what a person typed into an FTS5 query that cannot be a syntax error: every
 * whitespace-separated term becomes a quoted phrase (so `exec-prod-a1` or
 * `/etc/passwd` match as written), all terms must match, and a trailing `*` keeps its
 * prefix meaning. Null when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | null {
  const terms: string[] = [];
  for (const raw of text.split(/\s+/)) {
    const prefix = raw.endsWith("*");
    const term = prefix ? raw.replace(/\*+$/, "") : raw;
    if (!WORD.test(term)) continue;
    terms.push(`"${term.replaceAll('"', '""')}"${prefix ? "*" : ""}`);
  }
  return terms.length > 0 ? terms.join(" ") : null;
}

/**
 * The words and "quoted phrases" of the audit search language as one FTS5 query: a word
 * as in `toFtsQuery`, a phrase as an FTS5 phrase (its words in that order). All must
 * match. Null when nothing searchable is left.
 */
export function phraseFtsQuery(items: readonly string[]): string | null {
  const parts: string[] = [];
  for (const item of items) {
    const words = item.split(/\s+/).filter((w) => WORD.test(w));
    if (words.length === 0) continue;
    if (words.length === 1) {
      const single = toFtsQuery(item);
      if (single) parts.push(single);
    } else {
      parts.push(`"${words.join(" ").replaceAll('"', '""')}"`);
    }
  }
  return parts.length > 0 ? parts.join(" ") : null;
}
