import { createReadStream } from "node:fs";
import { pipeline } from "node:stream";
import { createZstdDecompress } from "node:zlib";

/** A line longer than this is reported, not held: no audit record comes near it. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/**
 * Bytes read from disk at a time. Smaller for a zstd file: JSONL compresses 10 to 60 times,
 * and the decompressor's backpressure only holds back what is read after it.
 */
const PLAIN_READ = 1 << 20;
const ZSTD_READ = 64 * 1024;

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

export interface ReadOptions {
  /** Called with the bytes read from disk (compressed bytes for a `.zst` file). */
  onBytes?: (n: number) => void;
}

/**
 * The lines of a plain or zstd-compressed file, streamed: a file is never held whole, in
 * either form (zlib's zstd decompressor gives its output in pieces and waits while we
 * read them). A corrupt or truncated zstd stream throws, after the lines decoded before it.
 */
export async function* readFileLines(file: string, opts: ReadOptions = {}): AsyncGenerator<FileLine> {
  const lines = new LineSplitter();
  const zstd = isZstdFile(file);
  const raw = createReadStream(file, { highWaterMark: zstd ? ZSTD_READ : PLAIN_READ });
  const { onBytes } = opts;
  if (onBytes) raw.on("data", (chunk) => onBytes(chunk.length));
  // pipeline, not pipe: a read error or a decoding error reaches the loop below, and
  // leaving the loop early destroys both streams. Its callback has nothing to add.
  const source = zstd ? pipeline(raw, createZstdDecompress(), () => undefined) : raw;
  try {
    for await (const chunk of source) {
      if (!(chunk instanceof Uint8Array)) throw new TypeError("expected bytes from the file");
      lines.push(chunk);
      yield* lines.out.splice(0);
    }
    lines.finish();
    yield* lines.out.splice(0);
  } finally {
    source.destroy();
    raw.destroy();
  }
}
