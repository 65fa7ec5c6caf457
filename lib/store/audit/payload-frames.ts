import "server-only";
import { constants, zstdCompressSync, zstdDecompressSync } from "node:zlib";

/*
 * Audit payloads are kept once, compressed, FRAME event ids to a zstd frame (a row of
 * audit_payloads keyed by id / FRAME). Compressed one by one, a 700-byte audit message
 * shrinks to ~400 bytes (zstd has nothing to learn from in one message) and each call of
 * Node's zstd costs tens of µs; 64 messages together come to ~70 bytes each (measured on
 * the bench fixture: 70 B at level 6; Node 24's zstd takes a dictionary, but one of sample
 * messages saved only 6 B more per message at 64 to a frame, not worth keeping dictionaries
 * per stream for as long as their frames) at one call per frame. A reader of one event decompresses its
 * frame (~45 KB), tens of µs: a page of 50 scattered events reads at most 50 frames.
 *
 * A frame's content before compression:
 *   u8 format (1) | u8 entries | entries × (u8 slot, u8 flags, u32le length) | the bytes
 * slot = id % FRAME; flags bit 0 set = the message's bytes as received (evidence may
 * carry them), clear = the event's columns written out by Pilot (an event indexed before
 * Pilot kept its message, or imported from an executor's log file; see payload-columns.ts).
 */

export const FRAME = 64;
const FORMAT = 1;
const HEAD = 2;
const ENTRY = 6;

export interface PayloadEntry {
  slot: number;
  /** The message's bytes as received (true), or columns Pilot wrote out (false). */
  original: boolean;
  bytes: Uint8Array;
}

/** Entries by slot, each slot once, compressed as one frame. */
export function encodeFrame(entries: readonly PayloadEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => a.slot - b.slot);
  let size = HEAD + sorted.length * ENTRY;
  for (const e of sorted) size += e.bytes.length;
  const out = Buffer.allocUnsafe(size);
  out[0] = FORMAT;
  out[1] = sorted.length;
  let at = HEAD + sorted.length * ENTRY;
  sorted.forEach((e, k) => {
    const h = HEAD + k * ENTRY;
    out[h] = e.slot;
    out[h + 1] = e.original ? 1 : 0;
    out.writeUInt32LE(e.bytes.length, h + 2);
    out.set(e.bytes, at);
    at += e.bytes.length;
  });
  return zstdCompressSync(out, {
    params: {
      // Level 6 packs the fixture's frames 7% tighter than 3 for about twice the time, paid
      // once per frame at write; a 64 KB window (a frame is ~45 KB) makes each read allocate
      // and clear a small window instead of 2 MB: reads were 2-3x slower with the default.
      [constants.ZSTD_c_compressionLevel]: 6,
      [constants.ZSTD_c_windowLog]: 16,
      [constants.ZSTD_c_checksumFlag]: 1,
    },
  });
}

/** A frame's entries; the bytes are views of one decompressed buffer. */
export function decodeFrame(data: Uint8Array): PayloadEntry[] {
  const raw = zstdDecompressSync(data, { chunkSize: 64 * 1024 });
  if (raw[0] !== FORMAT) throw new Error(`audit payload frame of unknown format ${raw[0]}`);
  const n = raw[1] ?? 0;
  const out: PayloadEntry[] = [];
  let at = HEAD + n * ENTRY;
  for (let k = 0; k < n; k++) {
    const h = HEAD + k * ENTRY;
    const length = raw.readUInt32LE(h + 2);
    if (at + length > raw.length) throw new Error("audit payload frame is truncated");
    out.push({ slot: raw[h] ?? 0, original: ((raw[h + 1] ?? 0) & 1) === 1, bytes: raw.subarray(at, at + length) });
    at += length;
  }
  return out;
}
