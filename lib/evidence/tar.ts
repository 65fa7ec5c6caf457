import { readSync } from "node:fs";

/*
 * The little of POSIX ustar a bundle needs: regular files with short ASCII names, written
 * by Pilot and read back by the verifier. Written here rather than taken from a library
 * because the verifier must run as one file on Node's built-ins alone, and the writer must
 * agree with that reader byte for byte (`tar -tvf` reads the result too: see the test).
 */
export const BLOCK = 512;

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as GNU tar and bsdtar write numeric fields.
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function headerChecksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum;
}

/** The 512-byte header of a regular file of `size` bytes. */
export function tarHeader(name: string, size: number, mtimeSeconds: number): Buffer {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) throw new RangeError(`tar member name not supported: ${name}`);
  if (!Number.isSafeInteger(size) || size < 0 || size > 0o77777777777) throw new RangeError(`tar member too large: ${size}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, "ascii");
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii"); // uid
  h.write(octal(0, 8), 116, "ascii"); // gid
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(Math.floor(mtimeSeconds), 12), 136, "ascii");
  h.write("0", 156, "ascii"); // regular file
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  h.write(`${headerChecksum(h).toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

/** Zero bytes that bring a member of `size` bytes to a block boundary. */
export function tarPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** Two zero blocks end an archive. */
export const TAR_END = Buffer.alloc(BLOCK * 2);

export interface TarMember {
  name: string;
  /** Where the member's data starts in the file. */
  offset: number;
  size: number;
  /** Where its header starts. */
  headerOffset: number;
}

export class TarError extends Error {}

function field(h: Buffer, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("latin1");
}

function readOctal(h: Buffer, start: number, length: number, what: string, at: number): number {
  const text = field(h, start, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new TarError(`tar header at byte ${at}: ${what} is not an octal number`);
  return parseInt(text, 8);
}

/**
 * The members of a tar file, read header by header from `fd` (never the whole file), with
 * each header's checksum checked: a changed header byte is named, not mistaken for data.
 */
export function listTar(fd: number, fileSize: number): TarMember[] {
  const members: TarMember[] = [];
  const h = Buffer.alloc(BLOCK);
  let at = 0;
  for (;;) {
    if (at + BLOCK > fileSize) throw new TarError(`tar ends at byte ${fileSize} without its end-of-archive blocks`);
    readSync(fd, h, 0, BLOCK, at);
    if (h.every((b) => b === 0)) {
      const next = Buffer.alloc(BLOCK);
      if (at + 2 * BLOCK > fileSize) throw new TarError(`tar ends at byte ${fileSize} after a single end block`);
      readSync(fd, next, 0, BLOCK, at + BLOCK);
      if (!next.every((b) => b === 0)) throw new TarError(`tar block at byte ${at} is empty but the archive goes on`);
      // Anything after the end blocks but zero padding is bytes nobody checked.
      const tail = Buffer.alloc(Math.min(fileSize - at - 2 * BLOCK, 64 * 1024));
      for (let pos = at + 2 * BLOCK; pos < fileSize; pos += tail.length) {
        const n = readSync(fd, tail, 0, Math.min(tail.length, fileSize - pos), pos);
        if (!tail.subarray(0, n).every((b) => b === 0)) throw new TarError(`bytes after the end of the archive (at ${pos})`);
      }
      return members;
    }
    const stored = readOctal(h, 148, 8, "checksum", at);
    if (stored !== headerChecksum(h)) throw new TarError(`tar header at byte ${at} has a wrong checksum (changed header)`);
    const name = field(h, 0, 100);
    const type = field(h, 156, 1);
    const size = readOctal(h, 124, 12, "size", at);
    if (type !== "0" && type !== "") throw new TarError(`tar member ${name} is not a regular file (type ${JSON.stringify(type)})`);
    if (at + BLOCK + size > fileSize) throw new TarError(`tar member ${name} runs past the end of the file`);
    members.push({ name, offset: at + BLOCK, size, headerOffset: at });
    const padding = tarPadding(size).length;
    if (padding > 0) {
      const pad = Buffer.alloc(padding);
      readSync(fd, pad, 0, padding, at + BLOCK + size);
      if (!pad.every((b) => b === 0)) throw new TarError(`tar padding after member ${name} is not zero (changed byte)`);
    }
    at += BLOCK + size + padding;
  }
}
