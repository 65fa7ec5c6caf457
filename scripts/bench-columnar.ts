// `npm run bench:columnar [-- --events 1000000]`: what the audit trail would cost in a
// column store (the ClickHouse MergeTree layout of docs/scale.md), simulated here where
// ClickHouse cannot be installed. The fixture's events (the same as bench:scale's) are
// laid out as that schema's columns in time order, cut into granules of 8,192 rows, and
// each column's granules compressed with zstd level 3 (ClickHouse's ZSTD codec; Delta
// first for times and seqs, as its Delta codec does; LowCardinality as dictionary ids).
// Measured, not modelled: bytes per event per column. Then a scan of the columns one
// filter needs (executor + status, counted per hour) as a vectorized engine reads them:
// decompress the granules, loop over the values. Prints a table for docs/scale.md.
import { zstdCompressSync, zstdDecompressSync, constants } from "node:zlib";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { auditRecords } from "../lib/testing/audit-fixture";

const args = z
  .object({ events: z.coerce.number().int().min(10_000).default(1_000_000) })
  .parse(parseArgs({ options: { events: { type: "string" } } }).values);

const GRANULE = 8192;
const level = { params: { [constants.ZSTD_c_compressionLevel]: 3 } };

/** Dictionary ids of a LowCardinality column. */
class Dict {
  readonly ids = new Map<string, number>();
  id(v: string): number {
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(v, id);
    }
    return id;
  }
}

const eventSchema = z.object({
  intent_id: z.string(),
  result_status: z.string(),
  timestamp_ns: z.coerce.bigint(),
  executor_id: z.string(),
  policy_decisions: z.array(z.object({ rule_name: z.string(), decision: z.string(), reason: z.string() })),
  security_context: z.record(z.string(), z.unknown()),
  resource_usage: z.record(z.string(), z.unknown()).optional(),
});

const n = args.events;
const ts = new BigInt64Array(n);
const seq = new BigInt64Array(n);
const intent = new Uint8Array(n * 16);
const lc = { channel: new Uint8Array(n), executor: new Uint16Array(n), status: new Uint8Array(n), decision: new Uint8Array(n), sandbox: new Uint8Array(n), rules: new Uint16Array(n) };
const dicts = { channel: new Dict(), executor: new Dict(), status: new Dict(), decision: new Dict(), sandbox: new Dict(), rules: new Dict() };
const strings = { decisions: [] as string[], security_context: [] as string[], resource_usage: [] as string[], payload: [] as string[] };
const decoder = new TextDecoder();
let i = 0;
for (const batch of auditRecords(n)) {
  for (const r of batch) {
    const raw = decoder.decode(r.payload);
    const e = eventSchema.parse(JSON.parse(raw));
    ts[i] = e.timestamp_ns;
    seq[i] = BigInt(r.seq);
    intent.set(Buffer.from(e.intent_id.replace(/-/g, ""), "hex"), i * 16);
    lc.channel[i] = dicts.channel.id(r.subject.split(".")[2] ?? "");
    lc.executor[i] = dicts.executor.id(e.executor_id);
    lc.status[i] = dicts.status.id(e.result_status);
    const worst = e.policy_decisions.some((d) => d.decision === "deny") ? "deny" : e.policy_decisions.some((d) => d.decision === "transform") ? "transform" : "allow";
    lc.decision[i] = dicts.decision.id(worst);
    lc.sandbox[i] = dicts.sandbox.id(String(e.security_context.sandbox_mode ?? "none"));
    lc.rules[i] = dicts.rules.id([...new Set(e.policy_decisions.map((d) => d.rule_name))].sort().join(","));
    strings.decisions.push(JSON.stringify(e.policy_decisions));
    strings.security_context.push(JSON.stringify(e.security_context));
    strings.resource_usage.push(e.resource_usage ? JSON.stringify(e.resource_usage) : "");
    strings.payload.push(raw);
    i++;
  }
}

/** Bytes of a column compressed granule by granule. */
function fixedColumn(bytes: Uint8Array, width: number): number {
  let total = 0;
  for (let at = 0; at < n; at += GRANULE) total += zstdCompressSync(bytes.subarray(at * width, Math.min(n, at + GRANULE) * width), level).length;
  return total;
}
function delta(v: BigInt64Array): Uint8Array {
  const out = new BigInt64Array(v.length);
  for (let k = 0; k < v.length; k++) out[k] = k % GRANULE === 0 ? (v[k] ?? 0n) : (v[k] ?? 0n) - (v[k - 1] ?? 0n);
  return new Uint8Array(out.buffer);
}
function stringColumn(values: readonly string[]): number {
  let total = 0;
  for (let at = 0; at < n; at += GRANULE) {
    // ClickHouse's String: a length (varint) then the bytes, per value.
    const part = values.slice(at, at + GRANULE);
    total += zstdCompressSync(Buffer.from(part.map((s) => `${String.fromCharCode(Math.min(127, s.length))}${s}`).join("")), level).length;
  }
  return total;
}
const u8 = (a: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

const sizes: [string, number][] = [
  ["ts DateTime64(9) CODEC(Delta, ZSTD)", fixedColumn(delta(ts), 8)],
  ["seq UInt64 CODEC(Delta, ZSTD)", fixedColumn(delta(seq), 8)],
  ["intent_id UUID", fixedColumn(intent, 16)],
  ["channel, executor, status, decision, sandbox, rules LowCardinality", fixedColumn(lc.channel, 1) + fixedColumn(u8(lc.executor), 2) + fixedColumn(lc.status, 1) + fixedColumn(lc.decision, 1) + fixedColumn(lc.sandbox, 1) + fixedColumn(u8(lc.rules), 2)],
  ["decisions String CODEC(ZSTD)", stringColumn(strings.decisions)],
  ["security_context String CODEC(ZSTD)", stringColumn(strings.security_context)],
  ["resource_usage String CODEC(ZSTD)", stringColumn(strings.resource_usage)],
];
const payload = stringColumn(strings.payload);
const columnsTotal = sizes.reduce((s, [, b]) => s + b, 0);

// The scan: executor + status counted per hour, over the compressed columns.
const execCol: Uint8Array[] = [];
const statusCol: Uint8Array[] = [];
const tsCol: Uint8Array[] = [];
// Times for the scan as ms deltas in Float64 (a JS loop over BigInt would measure BigInt).
const tsMsDelta = new Float64Array(n);
for (let k = 0; k < n; k++) {
  const ms = Number((ts[k] ?? 0n) / 1_000_000n);
  tsMsDelta[k] = k % GRANULE === 0 ? ms : ms - Number((ts[k - 1] ?? 0n) / 1_000_000n);
}
for (let at = 0; at < n; at += GRANULE) {
  const end = Math.min(n, at + GRANULE);
  execCol.push(zstdCompressSync(u8(lc.executor.subarray(at, end)), level));
  statusCol.push(zstdCompressSync(lc.status.subarray(at, end), level));
  tsCol.push(zstdCompressSync(u8(tsMsDelta.subarray(at, end)), level));
}
const wantExec = dicts.executor.id("exec-prod-04");
const wantStatus = dicts.status.id("ok");
const runs: number[] = [];
let matched = 0;
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  const hours = new Map<number, number>();
  matched = 0;
  for (let g = 0; g < execCol.length; g++) {
    const ex = new Uint16Array(new Uint8Array(zstdDecompressSync(execCol[g] ?? new Uint8Array())).buffer);
    const st = zstdDecompressSync(statusCol[g] ?? new Uint8Array());
    const d = new Float64Array(new Uint8Array(zstdDecompressSync(tsCol[g] ?? new Uint8Array())).buffer);
    let t0 = 0;
    for (let k = 0; k < ex.length; k++) {
      t0 = k === 0 ? (d[0] ?? 0) : t0 + (d[k] ?? 0);
      if (ex[k] === wantExec && st[k] === wantStatus) {
        const h = Math.floor(t0 / 3_600_000);
        hours.set(h, (hours.get(h) ?? 0) + 1);
        matched++;
      }
    }
  }
  runs.push(performance.now() - t);
}
runs.sort((a, b) => a - b);
const scanMs = runs[2] ?? NaN;

const per = (b: number) => (b / n).toFixed(1);
console.log(`\n## bench:columnar — ${new Date().toISOString().slice(0, 16)}Z — ${n.toLocaleString("en-US")} fixture events — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}\n`);
console.log("| column (ClickHouse type, codec) | B/event, zstd 3 by 8,192-row granule |");
console.log("|---|---|");
for (const [name, bytes] of sizes) console.log(`| ${name} | ${per(bytes)} |`);
console.log(`| **columns total** | **${per(columnsTotal)}** |`);
console.log(`| original payload bytes, String CODEC(ZSTD) (evidence) | ${per(payload)} |`);
console.log(`| payload as JSON, uncompressed | ${per(strings.payload.reduce((s, p) => s + p.length, 0))} |`);
console.log(`\nScan of 3 compressed columns (executor, status, ts) with a per-hour count, median of 5: ${scanMs.toFixed(0)} ms for ${n.toLocaleString("en-US")} events = ${((scanMs * 1e6) / n).toFixed(1)} ns/event on one core (${matched} matches).`);
