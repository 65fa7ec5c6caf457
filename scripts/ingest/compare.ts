/**
 * The check that ends a reindex: per source stream, the stream's message count and last
 * sequence (StreamInfo) against what the index holds.
 */
export interface StreamSnapshot {
  stream: string;
  /** null when the stream does not exist on the server. */
  messages: number | null;
  lastSeq: number | null;
  /** Why the stream is not compared (a refused WorkQueue stream); null = compared. */
  skipped: string | null;
}

export interface ComparisonRow {
  stream: string;
  streamMessages: number | null;
  streamLastSeq: number | null;
  indexMessages: number;
  indexLastSeq: number;
  ok: boolean;
  note: string;
}

export interface Comparison {
  ok: boolean;
  rows: ComparisonRow[];
  /** Exactly "index matches streams", or "index does NOT match streams: …". */
  verdict: string;
}

export function compareIndex(
  streams: readonly StreamSnapshot[],
  index: Readonly<Record<string, { messages: number; lastSeq: number }>>,
): Comparison {
  const rows = streams.map((s): ComparisonRow => {
    const ix = index[s.stream] ?? { messages: 0, lastSeq: 0 };
    const base = { stream: s.stream, streamMessages: s.messages, streamLastSeq: s.lastSeq, indexMessages: ix.messages, indexLastSeq: ix.lastSeq };
    if (s.skipped) return { ...base, ok: ix.messages === 0, note: s.skipped };
    if (s.messages === null || s.lastSeq === null)
      return { ...base, ok: ix.messages === 0, note: "no such stream on the server" };
    // An emptied stream keeps its last sequence; an index of it holds nothing.
    if (s.messages === 0) return { ...base, ok: ix.messages === 0, note: ix.messages === 0 ? "empty" : "stream is empty" };
    const ok = ix.messages === s.messages && ix.lastSeq === s.lastSeq;
    const diff = ix.messages - s.messages;
    const note = ok ? "" : diff < 0 ? `index lacks ${-diff} message(s)` : diff > 0 ? `index has ${diff} more` : "last seq differs";
    return { ...base, ok, note };
  });
  const bad = rows.filter((r) => !r.ok);
  const verdict =
    bad.length === 0
      ? "index matches streams"
      : `index does NOT match streams: ${bad
          .map((r) => `${r.stream} (index ${r.indexMessages} msgs to seq ${r.indexLastSeq}, stream ${r.streamMessages ?? "-"} msgs to seq ${r.streamLastSeq ?? "-"}${r.note ? `: ${r.note}` : ""})`)
          .join("; ")}`;
  return { ok: bad.length === 0, rows, verdict };
}

export function formatComparison(c: Comparison): string {
  const header = ["stream", "stream msgs", "stream last seq", "index msgs", "index last seq", "", "note"];
  const cells = c.rows.map((r) => [
    r.stream,
    String(r.streamMessages ?? "-"),
    String(r.streamLastSeq ?? "-"),
    String(r.indexMessages),
    String(r.indexLastSeq),
    r.ok ? "ok" : "DIFF",
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i >= 1 && i <= 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(header), ...cells.map(line), "", c.verdict].join("\n");
}
