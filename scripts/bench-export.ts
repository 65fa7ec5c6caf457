// `npm run bench:export [-- --count 1000000 --index /tmp/audit-1m.sqlite]`: the audit
// export (GET /api/audit/export, the real handler, body read to the end and written to
// /dev/null) as CSV and JSONL over `--count` events, against same-run baselines on the
// same rows: a bare SELECT iteration, and csv-stringify of those plain rows. Figures, not
// assertions: machines are noisy. `--index` keeps the built index for the next run.
// Each figure is also given per CPU second of this process (user + system): on a shared,
// loaded machine that is what one free core would do, where wall time says more about the
// neighbours.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { openStore } from "../lib/store";
import { EXPORT_ROWS_HEADER, handleAuditExport } from "../lib/api/audit-export";
import { atLeast, recordFigure } from "./bench/results";
import { fillAuditIndex } from "./bench/fill-audit-index";

const args = z
  .object({
    count: z.coerce.number().int().positive().default(1_000_000),
    index: z.string().optional(),
    rounds: z.coerce.number().int().min(1).max(5).default(2),
  })
  .parse(
    parseArgs({ options: { count: { type: "string" }, index: { type: "string" }, rounds: { type: "string" } } }).values,
  );

interface Timing {
  s: number;
  /** CPU seconds of this process (user + system). */
  cpu: number;
  rows: number;
  bytes: number;
  rssGrowth: number;
}
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

console.log(`Pilot bench:export — ${new Date().toISOString()} — node ${process.version} — ${cpus().length} CPUs — load ${load()}`);

const dir = args.index ? null : mkdtempSync(path.join(tmpdir(), "pilot-bench-export-"));
const file = args.index ?? path.join(dir ?? "", "index.sqlite");
const store = openStore(file);
const devNull = openSync("/dev/null", "w");

try {
  const held = store.tableCounts().audit_events ?? 0;
  if (held < args.count) {
    if (held > 0) store.reset();
    const seconds = fillAuditIndex(store, args.count);
    console.log(`index of ${args.count} audit events built in ${seconds.toFixed(0)} s`);
  } else {
    console.log(`reusing ${file} (${held} audit events)`);
  }
  const events = store.tableCounts().audit_events ?? 0;

  // The first query of a connection loads the in-memory columns; the server pays it once.
  const t = performance.now();
  store.searchAudit({ limit: 1 });
  console.log(`first query (loads the columns): ${(performance.now() - t).toFixed(0)} ms`);

  const db = new Database(file, { readonly: true });
  // The same rows in the same order (newest first), as arrays: what SQLite alone costs.
  const select = db
    .prepare<unknown[]>(
      `SELECT a.id, a.intent_id, i.capability, i.domain, i.signer, i.signature_state, a.channel,
      a.security_type, a.executor_id, a.result_status, a.status_norm, a.decision, a.timestamp_ns,
      a.ts_ms, a.sandbox_mode, a.cgroup_path, a.landlock, a.seccomp, a.resource_usage,
      a.security_context, a.decisions, a.stream, a.seq
      FROM audit_events a LEFT JOIN intents i ON i.id = a.intent_id ORDER BY a.ts_ms DESC, a.id DESC`,
    )
    .raw();

  /** The rows in chunks of 2,000 through `format`, written to /dev/null; seconds. */
  const baseline = (format: (rows: unknown[][]) => string): Timing => {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    let rows: unknown[][] = [];
    for (const row of select.iterate()) {
      rows.push(row);
      if (rows.length === 2000) {
        writeSync(devNull, format(rows));
        rows = [];
      }
    }
    writeSync(devNull, format(rows));
    return { s: (performance.now() - start) / 1000, cpu: cpuSeconds(cpu0), rows: events, bytes: 0, rssGrowth: 0 };
  };
  const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString("en-US")} rows/s`;

  const exportOnce = async (query: string): Promise<Timing> => {
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const res = handleAuditExport(store, new URL(`http://bench/api/audit/export?${query}`));
    if (!res.ok || !res.body) throw new Error(`${query}: ${res.status} ${await res.text()}`);
    const rows = Number(res.headers.get(EXPORT_ROWS_HEADER));
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of res.body) {
      writeSync(devNull, chunk);
      bytes += chunk.byteLength;
      if (++chunks % 50 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const s = (performance.now() - start) / 1000;
    return { rows, bytes, s, cpu: cpuSeconds(cpu0), rssGrowth: Math.max(peak, process.memoryUsage().rss) - rssBefore };
  };

  // Rounds of baselines and exports interleaved, the faster of each kept: the machine this
  // runs on is shared, and a neighbour's burst should not decide a figure.
  const best = new Map<string, Timing>();
  const keep = (name: string, r: Timing) => {
    const old = best.get(name);
    if (!old || r.s < old.s) best.set(name, { ...r, rssGrowth: Math.max(r.rssGrowth, old?.rssGrowth ?? 0) });
  };
  const cases = [
    ["all, CSV", "format=csv"],
    ["all, JSONL", "format=jsonl"],
    ["decision:deny, CSV", "format=csv&decision=deny"],
    ["full text 'kubeconfig', JSONL", "format=jsonl&q=kubeconfig"],
  ] as const;
  for (let round = 1; round <= args.rounds; round++) {
    process.stderr.write(`  round ${round}…\n`);
    keep("bare", baseline((rows) => rows.map((r) => r.join(",")).join("\n")));
    keep("csv-stringify", baseline((rows) => stringify(rows)));
    for (const [name, query] of cases) keep(name, await exportOnce(query));
  }
  db.close();
  const bareS = best.get("bare")?.s ?? NaN;
  const csvBaseS = best.get("csv-stringify")?.s ?? NaN;
  const perCpu = (r: Timing | undefined) => (r ? `${rate(r.rows, r.cpu)} per CPU-s` : "");
  console.log(`\nbaselines over the same ${events} rows (newest first, as arrays, written to /dev/null; best of ${args.rounds}):`);
  console.log(`  bare SELECT iteration              ${bareS.toFixed(2).padStart(6)} s  ${rate(events, bareS)}  (${perCpu(best.get("bare"))})`);
  console.log(`  SELECT + csv-stringify plain rows  ${csvBaseS.toFixed(2).padStart(6)} s  ${rate(events, csvBaseS)}  (${perCpu(best.get("csv-stringify"))})`);
  console.log(`\nexport through the handler (best of ${args.rounds}; time per row ÷ bare SELECT's, ÷ SELECT + csv-stringify's):`);
  for (const [name] of cases) {
    const r = best.get(name);
    if (!r) continue;
    const perRow = (base: number) => ((r.s / r.rows) / (base / events)).toFixed(2);
    console.log(
      `  ${name.padEnd(30)} ${r.rows.toString().padStart(8)} rows ${r.s.toFixed(2).padStart(6)} s  ${rate(r.rows, r.s).padStart(16)}` +
        `  ×${perRow(bareS)} / ×${perRow(csvBaseS)}  ${mb(r.bytes)} out, RSS +${mb(r.rssGrowth)} at most  (${perCpu(r)})`,
    );
    if (name.startsWith("all")) {
      const rowsPerS = r.rows / r.s;
      recordFigure({ bench: "export", figure: `export ${name} (${r.rows} rows)`, unit: "rows/s", pilot: rowsPerS, baseline: events / csvBaseS, ...atLeast(rowsPerS, 100_000, "rows/s") });
    }
  }
  console.log(`load average after: ${load()}`);
} finally {
  closeSync(devNull);
  store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
