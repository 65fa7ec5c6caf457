import { createHash, createPublicKey, verify } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import {
  BUNDLE_FORMAT,
  chainGenesis,
  chainLink,
  sha256,
  ED25519_SPKI_PREFIX,
  HASHED_MEMBERS,
  keyFingerprint,
  MEMBERS,
  type Manifest,
  type SignatureFile,
} from "./format";
import { checkIntentSignature, recordedClass } from "./intent-check";
import { parseManifest, parseRecordLine, parseSignatureFile } from "./shapes";
import { listTar, TarError, type TarMember } from "./tar";

/*
 * The offline check of a bundle (format.ts): Pilot's signature over the manifest, each
 * file's hash, each record's hash, place and chain link, stream order, and every intent's
 * own signature. Reads the file in pieces (memory stays flat whatever its size) and goes on
 * after a failure, so that the report names every failing file, record and check.
 */
export interface Failure {
  /** The file, or `record <n> (<stream> #<seq>)`. */
  where: string;
  /** Which check: `signature`, `key`, `file hash`, `payload hash`, `chain`, … */
  check: string;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  failures: Failure[];
  /** Failures beyond the first MAX_FAILURES, counted but not listed. */
  moreFailures: number;
  records: number;
  intents: { valid: number; invalid: number; unsigned: number };
  publicKey: string | null;
  fingerprint: string | null;
  manifest: Manifest | null;
}

export interface VerifyOptions {
  /** Pilot's public key (base64) or its fingerprint (`SHA256:…`), as the Health page shows it. */
  expectedKey?: string;
}

const MAX_FAILURES = 200;
const CHUNK = 1 << 20;

/** Every file-level failure is listed; record-level ones up to MAX_FAILURES, then counted. */
class Report {
  failures: Failure[] = [];
  more = 0;
  #recordFailures = 0;
  fail(where: string, check: string, detail: string): void {
    if (where.startsWith("record ") && ++this.#recordFailures > MAX_FAILURES) this.more++;
    else this.failures.push({ where, check, detail });
  }
}

function readMember(fd: number, m: TarMember): Buffer {
  const b = Buffer.alloc(m.size);
  readSync(fd, b, 0, m.size, m.offset);
  return b;
}

function hashMember(fd: number, m: TarMember): string {
  const h = createHash("sha256");
  const buf = Buffer.alloc(CHUNK);
  for (let pos = 0; pos < m.size; ) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, m.size - pos), m.offset + pos);
    if (n === 0) break;
    h.update(buf.subarray(0, n));
    pos += n;
  }
  return h.digest("hex");
}

/** Each line of a member, read a megabyte at a time. */
function* lines(fd: number, m: TarMember): Generator<{ line: string; number: number }> {
  const buf = Buffer.alloc(CHUNK);
  let carry = Buffer.alloc(0);
  let number = 0;
  for (let pos = 0; pos < m.size; ) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, m.size - pos), m.offset + pos);
    if (n === 0) break;
    pos += n;
    let data = Buffer.concat([carry, buf.subarray(0, n)]);
    let nl = data.indexOf(0x0a);
    while (nl !== -1) {
      yield { line: data.subarray(0, nl).toString("utf8"), number: ++number };
      data = data.subarray(nl + 1);
      nl = data.indexOf(0x0a);
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) yield { line: carry.toString("utf8"), number: ++number };
}

function checkSignature(fd: number, members: Map<string, TarMember>, manifestBytes: Buffer | null, r: Report, opts: VerifyOptions) {
  const sigMember = members.get(MEMBERS.signature);
  if (!sigMember) return null;
  let sig: SignatureFile;
  try {
    sig = parseSignatureFile(JSON.parse(readMember(fd, sigMember).toString("utf8")));
  } catch (error) {
    r.fail(MEMBERS.signature, "format", error instanceof Error ? error.message : String(error));
    return null;
  }
  const raw = Buffer.from(sig.publicKey, "base64");
  const fingerprint = keyFingerprint(raw);
  if (fingerprint !== sig.fingerprint) r.fail(MEMBERS.signature, "key", `fingerprint ${sig.fingerprint} is not the key's (${fingerprint})`);
  if (opts.expectedKey !== undefined) {
    const expected = opts.expectedKey.trim();
    if (expected !== sig.publicKey && expected !== fingerprint) {
      r.fail(MEMBERS.signature, "key", `signed by Pilot key ${fingerprint}, not by the expected key ${expected}`);
    }
  }
  if (manifestBytes) {
    let good = false;
    try {
      const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
      good = verify(null, manifestBytes, key, Buffer.from(sig.signature, "base64"));
    } catch (error) {
      r.fail(MEMBERS.signature, "signature", `cannot be checked: ${error instanceof Error ? error.message : String(error)}`);
      return { sig, fingerprint };
    }
    if (!good) r.fail(MEMBERS.manifest, "signature", `Pilot's signature (key ${fingerprint}) does not match manifest.json: the manifest was changed or signed with another key`);
  }
  return { sig, fingerprint };
}

function checkRecords(fd: number, members: Map<string, TarMember>, manifest: Manifest | null, r: Report, report: VerifyReport): void {
  const recs = members.get(MEMBERS.records);
  const msgs = members.get(MEMBERS.messages);
  if (!recs || !msgs) return;
  let chain = chainGenesis();
  let expectN = 1;
  let offset = 0;
  let resync = false;
  let prev: { stream: string; seq: number } | null = null;
  for (const { line, number } of lines(fd, recs)) {
    let rec;
    try {
      rec = parseRecordLine(JSON.parse(line));
    } catch (error) {
      r.fail(`${MEMBERS.records} line ${number}`, "format", error instanceof Error ? error.message : String(error));
      resync = true;
      expectN++;
      continue;
    }
    const where = `record ${rec.n} (${rec.stream} #${rec.seq})`;
    report.records++;
    // After a mismatch the numbering is followed from here on: one gap, one failure.
    if (rec.n !== expectN) r.fail(where, "position", `is numbered ${rec.n} but is record ${expectN} of records.jsonl`);
    expectN = rec.n + 1;
    if (prev && !(rec.stream > prev.stream || (rec.stream === prev.stream && rec.seq > prev.seq))) {
      r.fail(where, "stream order", `comes after ${prev.stream} #${prev.seq}: records must be in stream order`);
    }
    prev = { stream: rec.stream, seq: rec.seq };
    if (!resync && rec.offset !== offset) r.fail(where, "place", `starts at byte ${rec.offset} of messages.bin, expected ${offset}`);
    if (rec.offset + rec.length > msgs.size) {
      r.fail(where, "place", `bytes ${rec.offset}..${rec.offset + rec.length} run past messages.bin (${msgs.size} bytes)`);
    } else {
      const payload = Buffer.alloc(rec.length);
      readSync(fd, payload, 0, rec.length, msgs.offset + rec.offset);
      const sha = sha256(payload).toString("hex");
      if (sha !== rec.sha256) r.fail(where, "payload hash", `its bytes in messages.bin hash to ${sha}, the record says ${rec.sha256}`);
      if (rec.kind === "intent") {
        const check = checkIntentSignature(payload);
        report.intents[check.verdict]++;
        if (rec.signature === undefined) r.fail(where, "intent signature", "an intent record without Pilot's recorded verdict");
        else if (recordedClass(rec.signature) !== check.verdict) {
          r.fail(where, "intent signature", `checks as ${check.verdict} (${check.reason}), Pilot recorded ${rec.signature}`);
        }
      }
    }
    offset = rec.offset + rec.length;
    const link = chainLink(resync ? Buffer.from(rec.chain, "hex") : chain, rec, Buffer.from(rec.sha256, "hex"));
    if (resync) {
      chain = Buffer.from(rec.chain, "hex");
      resync = false;
    } else if (link.toString("hex") !== rec.chain) {
      r.fail(where, "chain", "its chain link does not follow from the record before it: a record was dropped, added or moved, or this one changed");
      chain = Buffer.from(rec.chain, "hex");
    } else chain = link;
  }
  if (offset !== msgs.size && !resync) r.fail(MEMBERS.messages, "place", `has ${msgs.size} bytes, the records account for ${offset}`);
  if (manifest) {
    if (report.records !== manifest.records) r.fail(MEMBERS.records, "count", `holds ${report.records} records, the manifest says ${manifest.records}`);
    if (chain.toString("hex") !== manifest.chainHead) r.fail(MEMBERS.records, "chain", `ends at ${chain.toString("hex")}, the manifest's chain head is ${manifest.chainHead}`);
    const intents = report.intents.valid + report.intents.invalid + report.intents.unsigned;
    if (intents !== manifest.intents) r.fail(MEMBERS.records, "count", `holds ${intents} intents, the manifest says ${manifest.intents}`);
  }
}

export function verifyBundle(file: string, opts: VerifyOptions = {}): VerifyReport {
  const r = new Report();
  const report: VerifyReport = {
    ok: false, failures: r.failures, moreFailures: 0, records: 0,
    intents: { valid: 0, invalid: 0, unsigned: 0 }, publicKey: null, fingerprint: null, manifest: null,
  };
  const fd = openSync(file, "r");
  try {
    let list: TarMember[];
    try {
      list = listTar(fd, fstatSync(fd).size);
    } catch (error) {
      if (!(error instanceof TarError)) throw error;
      r.fail("(tar)", "container", error.message);
      return report;
    }
    const members = new Map<string, TarMember>();
    for (const m of list) {
      if (members.has(m.name)) r.fail(m.name, "container", "appears twice in the tar");
      else if (!(Object.values(MEMBERS) as string[]).includes(m.name)) r.fail(m.name, "container", "is not a file of a Pilot bundle");
      members.set(m.name, m);
    }
    for (const name of Object.values(MEMBERS)) if (!members.has(name)) r.fail(name, "container", "is missing from the tar");

    const manifestMember = members.get(MEMBERS.manifest);
    const manifestBytes = manifestMember ? readMember(fd, manifestMember) : null;
    const signed = checkSignature(fd, members, manifestBytes, r, opts);
    report.publicKey = signed?.sig.publicKey ?? null;
    report.fingerprint = signed?.fingerprint ?? null;
    if (manifestBytes) {
      try {
        report.manifest = parseManifest(JSON.parse(manifestBytes.toString("utf8")));
        if (report.manifest.format !== BUNDLE_FORMAT) r.fail(MEMBERS.manifest, "format", `is ${String(report.manifest.format)}, this verifier reads ${BUNDLE_FORMAT}`);
        if (signed && report.manifest.publicKey !== signed.sig.publicKey) r.fail(MEMBERS.manifest, "key", "names another public key than signature.json");
      } catch (error) {
        r.fail(MEMBERS.manifest, "format", error instanceof Error ? error.message : String(error));
      }
    }
    for (const name of HASHED_MEMBERS) {
      const m = members.get(name);
      const listed = report.manifest?.files.find((f) => f.name === name);
      if (!m) continue;
      if (!listed) {
        if (report.manifest) r.fail(name, "file hash", "is not listed in the manifest");
        continue;
      }
      if (listed.size !== m.size) r.fail(name, "file size", `has ${m.size} bytes, the manifest says ${listed.size}`);
      const sha = hashMember(fd, m);
      if (sha !== listed.sha256) r.fail(name, "file hash", `SHA-256 is ${sha}, the manifest says ${listed.sha256}`);
    }
    checkRecords(fd, members, report.manifest, r, report);
    return report;
  } finally {
    closeSync(fd);
    report.moreFailures = r.more;
    report.ok = r.failures.length === 0;
  }
}
