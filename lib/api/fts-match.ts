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

/*
 * What one full-text query may cost. A prefix term (`word*`) makes FTS5 merge the lists of
 * every indexed token that starts so; one letter is a large part of the index, and a
 * query of 160 of them held the server's thread (which also ingests) for as long as it
 * took. So: at most MAX_TEXT_TERMS words and phrases, at most MAX_PREFIX_TERMS prefixes,
 * each of at least MIN_PREFIX_CHARS letters or digits.
 */
export const MAX_TEXT_TERMS = 16;
export const MAX_PREFIX_TERMS = 4;
export const MIN_PREFIX_CHARS = 3;

/** Why the words and phrases would cost too much to search, in words a person acts on; null when they would not. */
export function ftsCostProblem(items: readonly string[]): string | null {
  const searched = items.filter((item) => WORD.test(item));
  if (searched.length > MAX_TEXT_TERMS) {
    return `at most ${MAX_TEXT_TERMS} words or phrases to search for (this query has ${searched.length}); use field:value terms to narrow it`;
  }
  const prefixes = searched.filter((item) => !/\s/.test(item.trim()) && item.trim().endsWith("*"));
  if (prefixes.length > MAX_PREFIX_TERMS) {
    return `at most ${MAX_PREFIX_TERMS} prefix searches (word*) in one query (this query has ${prefixes.length})`;
  }
  for (const item of prefixes) {
    const last = item.match(/[\p{L}\p{N}]+/gu)?.at(-1) ?? "";
    if ([...last].length < MIN_PREFIX_CHARS) {
      return `a prefix search needs at least ${MIN_PREFIX_CHARS} letters or digits before the *: ${item.trim()}`;
    }
  }
  return null;
}
