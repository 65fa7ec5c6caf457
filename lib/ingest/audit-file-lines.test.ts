import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { zstdCompressSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readFileLines, type FileLine } from "./audit-file-lines";

const dir = mkdtempSync(path.join(tmpdir(), "pilot-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines that do not repeat (a counter and a pseudo-random tail), so zstd cannot fold them away. */
function lines(n: number): string[] {
  let x = 1;
  return Array.from({ length: n }, (_, i) => {
    x = (Math.imul(x, 48271) + 11) >>> 0;
    return `{"line":${i + 1},"noise":"${x.toString(36).repeat(6)}"}`;
  });
}

async function readAll(file: string, onBytes?: (n: number) => void): Promise<{ got: FileLine[]; error: unknown }> {
  const got: FileLine[] = [];
  try {
    for await (const l of readFileLines(file, { onBytes })) got.push(l);
    return { got, error: null };
  } catch (error) {
    return { got, error };
  }
}

const text = (l: FileLine | undefined): string => (l?.kind === "line" ? new TextDecoder().decode(l.bytes) : "");

describe("readFileLines on zstd files", () => {
  const all = lines(60_000);
  const compressed = zstdCompressSync(Buffer.from(`${all.join("\r\n")}\r\n`));

  it("streams every line of a multi-megabyte file, numbered, and counts the compressed bytes read", async () => {
    const file = path.join(dir, "whole.log.zst");
    writeFileSync(file, compressed);
    let read = 0;
    const { got, error } = await readAll(file, (n) => (read += n));
    expect(error).toBeNull();
    expect(got).toHaveLength(all.length);
    expect(text(got[0])).toBe(all[0]);
    expect(text(got.at(-1))).toBe(all.at(-1));
    expect(got.at(-1)).toMatchObject({ line: all.length });
    expect(read).toBe(compressed.length);
  });

  it("gives the lines decoded before a truncation, exact, then fails", async () => {
    const file = path.join(dir, "cut.log.zst");
    writeFileSync(file, compressed.subarray(0, Math.floor(compressed.length * 0.6)));
    const { got, error } = await readAll(file);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/unexpected end of file/);
    expect(got.length).toBeGreaterThan(all.length / 4);
    expect(got.length).toBeLessThan(all.length);
    got.forEach((l, i) => expect(text(l)).toBe(all[i]));
  });

  it("fails on corrupt data", async () => {
    const bad = Buffer.from(compressed);
    for (let i = 100; i < bad.length; i += 997) bad[i] = (bad[i] ?? 0) ^ 0x5a;
    const file = path.join(dir, "corrupt.log.zst");
    writeFileSync(file, bad);
    const { error } = await readAll(file);
    expect(error).toBeInstanceOf(Error);
  });
});
