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
