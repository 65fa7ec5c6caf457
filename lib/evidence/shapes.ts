import type { Manifest, ManifestFile, RecordLine, SignatureFile } from "./format";

/*
 * The bundle's own JSON files, checked field by field. By hand, not with zod: the verifier
 * is one file on Node's built-ins, small enough for an auditor to read before trusting it.
 * Each check throws an Error that names the field.
 */
type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${what} is not a JSON object`);
  // A JSON.parse result: a plain object whose values are JSON values.
  return Object.fromEntries(Object.entries(v));
}
function str(o: Obj, k: string, what: string): string {
  const v = o[k];
  if (typeof v !== "string") throw new Error(`${what}.${k} is not a string`);
  return v;
}
function nullableStr(o: Obj, k: string, what: string): string | null {
  return o[k] === null ? null : str(o, k, what);
}
function count(o: Obj, k: string, what: string): number {
  const v = o[k];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new Error(`${what}.${k} is not a whole number`);
  return v;
}
function hex64(o: Obj, k: string, what: string): string {
  const v = str(o, k, what);
  if (!/^[0-9a-f]{64}$/.test(v)) throw new Error(`${what}.${k} is not a hex SHA-256`);
  return v;
}
function b64(o: Obj, k: string, what: string, bytes: number): string {
  const v = str(o, k, what);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v) || Buffer.from(v, "base64").length !== bytes) {
    throw new Error(`${what}.${k} is not the base64 of ${bytes} bytes`);
  }
  return v;
}
function oneOf<T extends string>(o: Obj, k: string, what: string, values: readonly T[]): T {
  const v = str(o, k, what);
  const found = values.find((x) => x === v);
  if (found === undefined) throw new Error(`${what}.${k} is not one of ${values.join(", ")}`);
  return found;
}

const SIGNATURE_STATES = ["verified", "invalid", "unsigned", "untrusted-signer"] as const;

export function parseRecordLine(v: unknown): RecordLine {
  const o = obj(v, "record");
  const line: RecordLine = {
    n: count(o, "n", "record"),
    stream: str(o, "stream", "record"),
    seq: count(o, "seq", "record"),
    subject: str(o, "subject", "record"),
    kind: oneOf(o, "kind", "record", ["intent", "audit"] as const),
    offset: count(o, "offset", "record"),
    length: count(o, "length", "record"),
    sha256: hex64(o, "sha256", "record"),
    chain: hex64(o, "chain", "record"),
  };
  if (o.signature !== undefined) line.signature = oneOf(o, "signature", "record", SIGNATURE_STATES);
  return line;
}

export function parseSignatureFile(v: unknown): SignatureFile {
  const o = obj(v, "signature.json");
  return {
    algorithm: oneOf(o, "algorithm", "signature.json", ["Ed25519"] as const),
    publicKey: b64(o, "publicKey", "signature.json", 32),
    fingerprint: str(o, "fingerprint", "signature.json"),
    signature: b64(o, "signature", "signature.json", 64),
  };
}

function parseFile(v: unknown): ManifestFile {
  const o = obj(v, "manifest.files[]");
  return { name: str(o, "name", "file"), size: count(o, "size", "file"), sha256: hex64(o, "sha256", "file") };
}

export function parseManifest(v: unknown): Manifest {
  const o = obj(v, "manifest.json");
  const pilot = obj(o.pilot, "manifest.pilot");
  const query = obj(o.query, "manifest.query");
  const range = obj(o.range, "manifest.range");
  const params = obj(query.params, "manifest.query.params");
  if (!Array.isArray(o.files)) throw new Error("manifest.files is not a list");
  if (o.format !== "pilot-evidence/1") throw new Error(`manifest.format ${JSON.stringify(o.format)} is not pilot-evidence/1`);
  return {
    format: "pilot-evidence/1",
    pilot: { name: str(pilot, "name", "manifest.pilot"), version: str(pilot, "version", "manifest.pilot") },
    createdAt: str(o, "createdAt", "manifest"),
    exportedBy: str(o, "exportedBy", "manifest"),
    query: {
      source: oneOf(query, "source", "manifest.query", ["audit", "intents"] as const),
      params: Object.fromEntries(Object.keys(params).map((k) => [k, str(params, k, "manifest.query.params")])),
    },
    range: { from: nullableStr(range, "from", "manifest.range"), to: nullableStr(range, "to", "manifest.range") },
    records: count(o, "records", "manifest"),
    intents: count(o, "intents", "manifest"),
    chainHead: hex64(o, "chainHead", "manifest"),
    files: o.files.map(parseFile),
    publicKey: b64(o, "publicKey", "manifest", 32),
  };
}
