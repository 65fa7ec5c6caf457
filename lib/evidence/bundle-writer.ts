import { createHash, type Hash } from "node:crypto";
import { mkdtempSync, openSync, closeSync, writeSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  BUNDLE_FORMAT,
  chainGenesis,
  chainLink,
  sha256,
  MEMBERS,
  README_TEXT,
  type Manifest,
  type RecordKind,
  type RecordedSignature,
  type SignatureFile,
} from "./format";
import { TAR_END, tarHeader, tarPadding } from "./tar";

/** One message to put in a bundle: where it came from and its payload as received. */
export interface EvidenceRecord {
  stream: string;
  seq: number;
  subject: string;
  kind: RecordKind;
  bytes: Uint8Array;
  /** Intents: Pilot's verdict when it indexed the intent. */
  signature?: RecordedSignature;
}

/** Signs with Pilot's key (lib/evidence/pilot-key.ts). */
export interface BundleSigner {
  publicKey: string;
  fingerprint: string;
  sign(bytes: Uint8Array): Buffer;
}

export type BundleMeta = Omit<Manifest, "format" | "records" | "intents" | "chainHead" | "files" | "publicKey">;

export interface SpooledBundle {
  manifest: Manifest;
  /** The tar's size in bytes (sent as Content-Length). */
  size: number;
  /** The tar, read from the spool; the spool is removed when it ends or is cancelled. */
  body(): ReadableStream<Uint8Array>;
  /** Removes the spool (also when the body is never read). */
  dispose(): void;
}

class Spool {
  readonly fd: number;
  readonly hash: Hash = createHash("sha256");
  size = 0;
  constructor(readonly file: string) {
    this.fd = openSync(file, "w", 0o600);
  }
  write(b: Uint8Array): void {
    let done = 0;
    while (done < b.length) done += writeSync(this.fd, b, done, b.length - done);
    this.hash.update(b);
    this.size += b.length;
  }
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes a bundle's records and payloads to a private temporary directory (a tar member's
 * size goes in its header, before its bytes, and records.jsonl and messages.bin grow
 * together), hashing and chaining as it goes; then signs the manifest. Memory holds one
 * chunk of records at a time, whatever the bundle's size. `chunks` must come in stream
 * order (stream name, then sequence), which is checked: a bundle out of order is a bug.
 */
export async function spoolBundle(
  chunks: Iterable<readonly EvidenceRecord[]>,
  meta: BundleMeta,
  signer: BundleSigner,
  opts: { tmpDir?: string } = {},
): Promise<SpooledBundle> {
  const dir = mkdtempSync(path.join(opts.tmpDir ?? tmpdir(), "pilot-evidence-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const records = new Spool(path.join(dir, MEMBERS.records));
    const messages = new Spool(path.join(dir, MEMBERS.messages));
    let chain = chainGenesis();
    let n = 0;
    let intents = 0;
    let last: { stream: string; seq: number } | null = null;
    try {
      for (const chunk of chunks) {
        let lines = "";
        const payloads: Uint8Array[] = [];
        let pending = 0; // bytes in `payloads`, not yet in the spool
        for (const r of chunk) {
          if (last && !(r.stream > last.stream || (r.stream === last.stream && r.seq > last.seq))) {
            throw new Error(`evidence records out of stream order: ${r.stream} #${r.seq} after ${last.stream} #${last.seq}`);
          }
          last = { stream: r.stream, seq: r.seq };
          n++;
          const digest = sha256(r.bytes);
          const offset = messages.size + pending;
          chain = chainLink(chain, { n, stream: r.stream, seq: r.seq, subject: r.subject, kind: r.kind }, digest);
          let signature = "";
          if (r.kind === "intent") {
            intents++;
            signature = `,"signature":${JSON.stringify(r.signature ?? "invalid")}`;
          }
          // A RecordLine (format.ts) written by hand: an object and JSON.stringify per
          // record cost more than the rest of the line. Strings go through JSON.stringify.
          lines += `{"n":${n},"stream":${JSON.stringify(r.stream)},"seq":${r.seq},"subject":${JSON.stringify(r.subject)},"kind":"${r.kind}","offset":${offset},"length":${r.bytes.length},"sha256":"${digest.toString("hex")}","chain":"${chain.toString("hex")}"${signature}}\n`;
          payloads.push(r.bytes);
          pending += r.bytes.length;
          if (payloads.length >= 256) {
            messages.write(Buffer.concat(payloads));
            payloads.length = 0;
            pending = 0;
          }
        }
        if (payloads.length > 0) messages.write(Buffer.concat(payloads));
        records.write(Buffer.from(lines, "utf8"));
        await yieldToOthers();
      }
    } finally {
      closeSync(records.fd);
      closeSync(messages.fd);
    }
    const readme = Buffer.from(README_TEXT, "utf8");
    const manifest: Manifest = {
      format: BUNDLE_FORMAT,
      ...meta,
      records: n,
      intents,
      chainHead: chain.toString("hex"),
      files: [
        { name: MEMBERS.readme, size: readme.length, sha256: createHash("sha256").update(readme).digest("hex") },
        { name: MEMBERS.records, size: records.size, sha256: records.hash.digest("hex") },
        { name: MEMBERS.messages, size: messages.size, sha256: messages.hash.digest("hex") },
      ],
      publicKey: signer.publicKey,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8");
    const signature: SignatureFile = {
      algorithm: "Ed25519",
      publicKey: signer.publicKey,
      fingerprint: signer.fingerprint,
      signature: signer.sign(manifestBytes).toString("base64"),
    };
    const signatureBytes = Buffer.from(`${JSON.stringify(signature, null, 2)}\n`, "utf8");
    const mtime = Date.parse(meta.createdAt) / 1000;
    const inMemory: [string, Buffer][] = [
      [MEMBERS.manifest, manifestBytes],
      [MEMBERS.signature, signatureBytes],
      [MEMBERS.readme, readme],
    ];
    const spooled: [string, Spool][] = [
      [MEMBERS.records, records],
      [MEMBERS.messages, messages],
    ];
    const memberSize = (size: number) => 512 + size + tarPadding(size).length;
    const size =
      inMemory.reduce((s, [, b]) => s + memberSize(b.length), 0) +
      spooled.reduce((s, [, f]) => s + memberSize(f.size), 0) +
      TAR_END.length;

    async function* parts(): AsyncGenerator<Uint8Array> {
      for (const [name, b] of inMemory) yield Buffer.concat([tarHeader(name, b.length, mtime), b, tarPadding(b.length)]);
      for (const [name, f] of spooled) {
        yield tarHeader(name, f.size, mtime);
        const handle = await open(f.file, "r");
        try {
          for (let pos = 0; pos < f.size; ) {
            const buf = Buffer.allocUnsafe(Math.min(1 << 20, f.size - pos));
            const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
            if (bytesRead === 0) throw new Error(`${name} spool ended early`);
            pos += bytesRead;
            yield buf.subarray(0, bytesRead);
          }
        } finally {
          await handle.close();
        }
        yield tarPadding(f.size);
      }
      yield TAR_END;
    }

    return {
      manifest,
      size,
      dispose: remove,
      body() {
        const it = parts();
        return new ReadableStream<Uint8Array>({
          async pull(controller) {
            try {
              const next = await it.next();
              if (next.done) {
                remove();
                controller.close();
              } else controller.enqueue(next.value);
            } catch (error) {
              remove();
              controller.error(error);
            }
          },
          async cancel() {
            await it.return(undefined);
            remove();
          },
        });
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
