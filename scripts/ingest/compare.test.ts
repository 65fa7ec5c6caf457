import { describe, expect, it } from "vitest";
import { compareIndex, formatComparison } from "./compare";

const stream = (name: string, messages: number | null, lastSeq: number | null, skipped: string | null = null) => ({
  stream: name,
  messages,
  lastSeq,
  skipped,
});

describe("compareIndex", () => {
  it("matches when every stream's count and last seq agree", () => {
    const c = compareIndex([stream("A", 10, 10), stream("B", 3, 7)], { A: { messages: 10, lastSeq: 10 }, B: { messages: 3, lastSeq: 7 } });
    expect(c.ok).toBe(true);
    expect(c.verdict).toBe("index matches streams");
    expect(formatComparison(c).split("\n").at(-1)).toBe("index matches streams");
  });

  it("names each stream that differs, and why", () => {
    const c = compareIndex([stream("A", 10, 10), stream("B", 3, 7)], { A: { messages: 9, lastSeq: 10 }, B: { messages: 3, lastSeq: 6 } });
    expect(c.ok).toBe(false);
    expect(c.verdict).toMatch(/^index does NOT match streams: A \(index 9 msgs to seq 10, stream 10 msgs to seq 10: index lacks 1 message\(s\)\); B /);
    expect(formatComparison(c)).toContain("DIFF");
  });

  it("accepts an emptied stream and an absent or refused one with nothing indexed", () => {
    const c = compareIndex(
      [stream("EMPTY", 0, 42), stream("GONE", null, null), stream("WQ", 5, 5, "WorkQueue stream: refused")],
      {},
    );
    expect(c.ok).toBe(true);
    expect(c.rows.map((r) => r.note)).toEqual(["empty", "no such stream on the server", "WorkQueue stream: refused"]);
  });

  it("flags an index that holds more than the stream", () => {
    const c = compareIndex([stream("A", 2, 2)], { A: { messages: 3, lastSeq: 3 } });
    expect(c.rows[0]?.note).toBe("index has 1 more");
  });
});
