import { createReadStream } from "node:fs";
import { Decompress } from "fzstd";

/** A line longer than this is reported, not held: no audit record comes near it. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Compressed bytes fed to the decoder at a time. */
const ZSTD_STEP = 32 * 1024;

export type FileLine =
  | { kind: "line"; line: number; bytes: Uint8Array }
  | { kind: "too-long"; line: number; size: number };

export function isZstdFile(file: string): boolean {
  return file.endsWith(".zst");
}

/**
 * Splits a byte stream into lines without decoding it (a line with bad UTF-8 must be
 * reported on its own, not garble its neighbours). `\r\n` endings lose their `\r`; blank
 * lines are skipped but still counted, so line numbers match an editor's.
 */
class LineSplitter {
  #parts: Uint8Array[] = [];
  #held = 0;
  #tooLong = false;
  #line = 0;
  readonly out: FileLine[] = [];

  push(chunk: Uint8Array): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.#take(chunk.subarray(start, nl));
      this.#end();
      start = nl + 1;
    }
    if (start < chunk.length) this.#take(chunk.subarray(start));
  }

  /** At the end of the input: a last line without a newline is still a line. */
  finish(): void {
    if (this.#held > 0 || this.#tooLong) this.#end();
  }

  #take(part: Uint8Array): void {
    if (part.length === 0) return;
    this.#held += part.length;
    if (this.#held > MAX_LINE_BYTES) {
      this.#tooLong = true;
      this.#parts = [];
      return;
    }
    // Copied: the chunk's buffer is reused by the reader or the decompressor.
    if (!this.#tooLong) this.#parts.push(part.slice());
  }

  #end(): void {
    this.#line++;
    const size = this.#held;
    if (this.#tooLong) {
      this.out.push({ kind: "too-long", line: this.#line, size });
    } else if (size > 0) {
      let bytes = this.#parts.length === 1 ? (this.#parts[0] ?? new Uint8Array()) : concat(this.#parts, size);
      if (bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
      if (bytes.length > 0) this.out.push({ kind: "line", line: this.#line, bytes });
    }
    this.#parts = [];
    this.#held = 0;
    this.#tooLong = false;
  }
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Runs a decoding step; its error, so that the lines decoded before it are still given out. */
function feed(step: () => unknown): Error | null {
  try {
    step();
    return null;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export interface ReadOptions {
  /** Called with the bytes read from disk (compressed bytes for a `.zst` file). */
  onBytes?: (n: number) => void;
}

/**
 * The lines of a plain or zstd-compressed file, streamed: a file is never held whole, in
 * either form. A corrupt zstd stream throws (after the lines decoded before it).
 */
export async function* readFileLines(file: string, opts: ReadOptions = {}): AsyncGenerator<FileLine> {
  const lines = new LineSplitter();
  const zstd = isZstdFile(file)
    ? new Decompress((data) => {
        lines.push(data);
      })
    : null;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      if (!(chunk instanceof Uint8Array)) throw new TypeError("expected bytes from the file");
      // Compressed input goes in small pieces, its lines out between them: JSONL compresses
      // 10 to 60 times, so a whole read chunk would expand to tens of MB of lines at once.
      const step = zstd ? ZSTD_STEP : chunk.length;
      for (let at = 0; at < chunk.length; at += step) {
        const piece = chunk.subarray(at, at + step);
        opts.onBytes?.(piece.length);
        const failed = feed(() => (zstd ? zstd.push(piece) : lines.push(piece)));
        yield* lines.out.splice(0);
        if (failed) throw failed;
      }
    }
    const failed = feed(() => zstd?.push(new Uint8Array(0), true));
    if (!failed) lines.finish();
    yield* lines.out.splice(0);
    if (failed) throw failed;
  } finally {
    stream.destroy();
  }
}
