import "server-only";

/**
 * How to select a chunk of one stream's seqs (sorted ascending): a range scan when they
 * are mostly one dense run (an unfiltered or broad query: the rows in between are few and
 * read in page order), else a lookup per seq. Rows outside `seqs` that a range returns are
 * left out by the caller's lookup by seq.
 */
export function seqCondition(seqs: readonly number[]): { sql: string; params: (number | string)[] } {
  const lo = seqs[0] ?? 0;
  const hi = seqs.at(-1) ?? 0;
  return hi - lo < seqs.length * 2
    ? { sql: "seq BETWEEN ? AND ?", params: [lo, hi] }
    : { sql: "seq IN (SELECT value FROM json_each(?))", params: [JSON.stringify(seqs)] };
}
