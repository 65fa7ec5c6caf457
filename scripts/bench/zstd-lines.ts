/**
 * How fast `readFileLines` streams the lines out of a zstd audit log (what
 * `npm run import-audit` spends before parsing): wall and CPU time per MB of lines, best of
 * a few runs. The file is made from the committed fixture's records with fresh intent ids
 * and compressed with zlib at level 3 (zstd's default, as executors write them).
 *
 *   node --import tsx scripts/bench/zstd-lines.ts [--mb 64] [--runs 3]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { zstdCompressSync, zstdDecompressSync } from "node:zlib";
import { readFileLines } from "../../lib/ingest/audit-file-lines";

const { values } = parseArgs({ options: { mb: { type: "string", default: "64" }, runs: { type: "string", default: "3" } } });
const targetBytes = Number(values.mb) * 1024 * 1024;
const runs = Number(values.runs);

const fixture = path.join(import.meta.dirname, "../import/fixtures/2025-11-27.log.zst");
const lines = zstdDecompressSync(readFileSync(fixture)).toString("utf8").split("\n").filter(Boolean);
// Random hashes and times, as real logs have: the fixture's repeated lines alone compress
// 200 times, real ones 10 to 60 times.
let state = 7;
const hex = (n: number): string => {
  let s = "";
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    s += (state >>> 24).toString(16).padStart(2, "0");
  }
  return s;
};
const out: string[] = [];
let size = 0;
for (let i = 0; size < targetBytes; i++) {
  const line = (lines[i % lines.length] ?? "")
    .replace(/"intent_id":"[^"]*"/, `"intent_id":"0199a000-0000-7000-8000-${String(i).padStart(12, "0")}"`)
    .replace(/"intent_hash":"sha256:[0-9a-f]*"/, `"intent_hash":"sha256:${hex(32)}"`)
    .replace(/"timestamp_ms":\d+/, `"timestamp_ms":${1764201600000 + i * 37 + (state % 997)}`);
  out.push(line);
  size += line.length + 1;
}
const plain = Buffer.from(`${out.join("\n")}\n`);
const dir = mkdtempSync(path.join(tmpdir(), "pilot-zstd-bench-"));
const file = path.join(dir, "bench.log.zst");
writeFileSync(file, zstdCompressSync(plain));
const compressed = readFileSync(file).length;

const results: { wallMs: number; cpuMs: number }[] = [];
try {
  for (let r = 0; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let n = 0;
    for await (const l of readFileLines(file)) if (l.kind === "line") n++;
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (n !== out.length) throw new Error(`read ${n} lines of ${out.length}`);
    results.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const mb = plain.length / 1024 / 1024;
const best = results.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
console.log(
  `Node ${process.version}: ${out.length} lines, ${mb.toFixed(1)} MB (${(compressed / 1024 / 1024).toFixed(1)} MB zstd); ` +
    `best of ${runs}: ${best.wallMs.toFixed(0)} ms wall, ${best.cpuMs.toFixed(0)} ms CPU = ` +
    `${(mb / (best.wallMs / 1000)).toFixed(0)} MB/s, ${((best.cpuMs * 1000) / mb).toFixed(0)} µs CPU per MB`,
);
