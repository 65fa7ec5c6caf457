// `npm run bench:scale [-- --events 10000000] [--sizes 1000000,3000000] [--keep DIR]`:
// how the audit answers grow with the history. One index is built incrementally through
// the store's batch write path (the fixture's events, no NATS), and at each size a fresh
// process opens it and times the first answer after a start, then every audit answer
// through the real API handlers (p50 / p95), and its peak RSS (scale-probe.ts). Between
// sizes the ingest rate into the index as it stands (its next events) is measured in
// turns with ingest into an empty index. One table, sizes as columns.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { z } from "zod";
import { openStore } from "../lib/store";
import { auditRecords } from "../lib/testing/audit-fixture";
import { SCALE_ANSWERS } from "./bench/scale-answers";

const args = z
  .object({
    events: z.coerce.number().int().min(10_000).default(1_000_000),
    sizes: z
      .string()
      .transform((s) => s.split(",").map(Number))
      .pipe(z.array(z.number().int().min(1000)))
      .optional(),
    window: z.coerce.number().int().min(5000).optional(),
    keep: z.string().optional(),
    budget: z.coerce.number().int().min(500).default(8000),
  })
  .parse(
    parseArgs({
      options: {
        events: { type: "string" },
        sizes: { type: "string" },
        window: { type: "string" },
        keep: { type: "string" },
        budget: { type: "string" },
      },
    }).values,
  );

const sizes = (args.sizes ?? [args.events / 10, (args.events * 3) / 10, args.events].map(Math.round)).sort((a, b) => a - b);
const largest = sizes.at(-1) ?? args.events;
// Ingest is timed over this many events (5,000-event batches, as ingest writes them).
const windowSize = args.window ?? Math.min(100_000, Math.max(10_000, Math.round((sizes[0] ?? largest) / 10)));
/** Windows of ingest into the index, and into an empty one, at each size. */
const INGEST_ROUNDS = 3;

const probeSchema = z.object({
  openMs: z.number(),
  coldMs: z.number(),
  answers: z.record(z.string(), z.object({ p50: z.number(), p95: z.number(), first: z.number(), runs: z.number() })),
  peakRssMb: z.number(),
  load: z.number(),
});
type Probe = z.infer<typeof probeSchema>;

interface Column {
  events: number;
  bytes: number;
  ingest: { here: number; empty: number };
  probe: Probe;
}

const started = new Date();
const dir = args.keep ?? mkdtempSync(path.join(tmpdir(), "pilot-bench-scale-"));
const file = path.join(dir, "index.sqlite");
console.error(`bench:scale — sizes ${sizes.join(", ")}; index at ${file}`);
const store = openStore(file);
const raw = new Database(file);
const batches = auditRecords(largest + windowSize * INGEST_ROUNDS * sizes.length);
let held = 0;

/** Applies the fixture's next events up to `target`; events per second. */
function applyUntil(target: number): number {
  const t = performance.now();
  const from = held;
  while (held < target) {
    const next = batches.next();
    if (next.done) break;
    store.applyBatch(next.value);
    held += next.value.length;
    if (held % 100_000 < next.value.length) process.stderr.write(`\r  indexed ${held.toLocaleString("en-US")} audit events`);
  }
  return (held - from) / ((performance.now() - t) / 1000);
}

function fileBytes(): number {
  raw.pragma("wal_checkpoint(TRUNCATE)");
  let bytes = 0;
  for (const suffix of ["", "-wal"]) {
    try {
      bytes += statSync(file + suffix).size;
    } catch {
      // no WAL file
    }
  }
  return bytes;
}

/** One window of the same events into a fresh file; events per second. */
function emptyIngestRound(round: number): number {
  const scratch = path.join(dir, `empty-${round}.sqlite`);
  const s = openStore(scratch);
  const t = performance.now();
  let n = 0;
  for (const batch of auditRecords(windowSize, 99)) {
    s.applyBatch(batch);
    n += batch.length;
  }
  const rate = n / ((performance.now() - t) / 1000);
  s.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(scratch + suffix, { force: true });
  return rate;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Ingest into the index as it stands against ingest into an empty one, measured in
 * turns (empty, this index, three times): a single window of each varied by a quarter
 * from run to run on this VM, more than the difference being measured. Medians of each.
 */
function ingestRates(): { here: number; empty: number } {
  const here: number[] = [];
  const empty: number[] = [];
  for (let round = 0; round < INGEST_ROUNDS; round++) {
    empty.push(emptyIngestRound(round));
    here.push(applyUntil(held + windowSize));
  }
  return { here: median(here), empty: median(empty) };
}
const columns: Column[] = [];
try {
  // The first windows of a process also pay for compiling the code.
  emptyIngestRound(-1);
  for (const size of sizes) {
    if (held < size) applyUntil(size);
    process.stderr.write("\n");
    const events = held;
    const bytes = fileBytes();
    const newest = raw.prepare<{ t: number | null }>("SELECT max(ts_ms) AS t FROM audit_events").get()?.t ?? Date.now();
    console.error(`  ${events.toLocaleString("en-US")} events: ${(bytes / events).toFixed(0)} B/event; probing in a fresh process…`);
    const run = spawnSync(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "bench/scale-probe.ts"), file, String(newest), String(args.budget)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 16 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`the probe at ${events} events failed`);
    const probe = probeSchema.parse(JSON.parse(run.stdout.trim().split("\n").at(-1) ?? ""));
    // Ingest into the index at this size: the next window of events (they count toward the next size).
    columns.push({ events, bytes, ingest: ingestRates(), probe });
    // The table so far after each size: a long run stopped early still leaves its figures.
    process.stderr.write("\n");
    printTable();
  }
} finally {
  raw.close();
  store.close();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}

function printTable(): void {
  const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(v >= 10 ? 1 : 2));
  const sizeName = (n: number) => (n >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : `${+(n / 1e3).toFixed(1)}k`);
  console.log(
    `\n## bench:scale — ${started.toISOString().slice(0, 16)}Z — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, load at start ${loadavg()[0]?.toFixed(1)}\n`,
  );
  console.log(`| audit events | ${columns.map((c) => sizeName(c.events)).join(" | ")} |`);
  console.log(`|---|${columns.map(() => "---|").join("")}`);
  const row = (name: string, cell: (c: Column) => string) => console.log(`| ${name} | ${columns.map(cell).join(" | ")} |`);
  row("index on disk", (c) => `${(c.bytes / 1e9).toFixed(2)} GB (${fmt(c.bytes / c.events)} B/event)`);
  row("first answer after start (open + page)", (c) => `${fmt(c.probe.coldMs)} ms (open ${fmt(c.probe.openMs)})`);
  for (const a of SCALE_ANSWERS) {
    row(`${a.name}, p50 / p95 ms`, (c) => {
      const r = c.probe.answers[a.name];
      return r ? `${fmt(r.p50)} / **${fmt(r.p95)}** (1st ${fmt(r.first)})` : "—";
    });
  }
  row("server peak RSS", (c) => `${fmt(c.probe.peakRssMb)} MB`);
  row(`ingest into it / into an empty index (${INGEST_ROUNDS} × ${sizeName(windowSize)} each, in turns, medians)`, (c) => `${fmt(c.ingest.here)} / ${fmt(c.ingest.empty)} ev/s (**${((c.ingest.here / c.ingest.empty) * 100).toFixed(0)}%**)`);
  row("load (1 min) while probing", (c) => c.probe.load.toFixed(1));
  console.log(`\np95 over up to 40 runs after a first (shown as 1st).`);
}
