// `npm run bench:evidence [-- --count 300000 --index /tmp/evidence.sqlite]`: an evidence
// bundle export (the real handler of GET /api/evidence: keys, stream-order reads, spool,
// hashes, chain, signature, the tar streamed to the end) of an audit query over `--count`
// audit events plus demo traffic's signed intents. Prints records/s and the process's RSS
// and heap at the start, middle and end of the export (sampled every 50 ms): memory must
// stay flat whatever the size. Figures, not assertions: machines are noisy.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openStore } from "../lib/store";
import { EVIDENCE_RECORDS_HEADER, handleEvidenceExport } from "../lib/api/evidence-export";
import { loadPilotKey } from "../lib/evidence/pilot-key";
import { demoRecords } from "../lib/testing/store-fixtures";
import { atLeast, atMost, recordFigure } from "./bench/results";
import { fillAuditIndex } from "./bench/fill-audit-index";

const args = z
  .object({
    count: z.coerce.number().int().positive().default(300_000),
    index: z.string().optional(),
  })
  .parse(parseArgs({ options: { count: { type: "string" }, index: { type: "string" } } }).values);

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`Pilot bench:evidence — ${new Date().toISOString()} — node ${process.version} — ${cpus().length} × ${cpus()[0]?.model ?? "?"} — load ${load()}`);

const dir = mkdtempSync(path.join(tmpdir(), "pilot-bench-evidence-"));
const file = args.index ?? path.join(dir, "index.sqlite");
const store = openStore(file);
try {
  const held = store.tableCounts().audit_events ?? 0;
  if (held < args.count) {
    if (held > 0) store.reset();
    const t0 = performance.now();
    fillAuditIndex(store, args.count, 50_000);
    // Demo traffic's signed intents and their audit events, numbered after the ones above.
    const demo = demoRecords(24_000).records.map((r) => (r.stream === "AUDIT_SECURITY" ? { ...r, seq: r.seq + args.count } : r));
    for (let i = 0; i < demo.length; i += 500) store.applyBatch(demo.slice(i, i + 500));
    console.log(`index built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } else console.log(`reusing ${file}`);
  store.searchAudit({ limit: 1 }); // loads the in-memory columns, as a running server has

  const key = loadPilotKey(path.join(dir, "evidence-key.pem"), false);
  for (const round of [1, 2]) {
    global.gc?.();
    const samples: { t: number; rss: number; heap: number }[] = [];
    const sample = () => {
      const m = process.memoryUsage();
      samples.push({ t: performance.now(), rss: m.rss, heap: m.heapUsed });
    };
    sample();
    const timer = setInterval(sample, 50);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const res = await handleEvidenceExport(store, new URL("http://pilot.bench/api/evidence?source=audit"), {
      signer: key, pilot: { name: "pilot-dashboard", version: "bench" }, who: "bench", now: Date.now(), tmpDir: dir,
    });
    if (!res.ok || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    const spooledS = (performance.now() - t0) / 1000;
    let bytes = 0;
    for await (const chunk of res.body) bytes += chunk.length;
    const s = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    clearInterval(timer);
    sample();
    const records = Number(res.headers.get(EVIDENCE_RECORDS_HEADER));
    const rate = records / s;
    const first = samples[0];
    const last = samples.at(-1);
    const mid = samples.reduce((best, x) => (Math.abs(x.t - (t0 + (s * 1000) / 2)) < Math.abs(best.t - (t0 + (s * 1000) / 2)) ? x : best));
    const peak = Math.max(...samples.map((x) => x.rss));
    if (!first || !last) throw new Error("no samples");
    console.log(
      `round ${round}: ${records.toLocaleString("en-US")} records, ${mb(bytes)} tar in ${s.toFixed(2)} s (spooled and signed in ${spooledS.toFixed(2)} s): ` +
        `${Math.round(rate).toLocaleString("en-US")} records/s; ${cpuS.toFixed(2)} CPU s = ${Math.round(records / cpuS).toLocaleString("en-US")} records per CPU second (load ${load()})`,
    );
    for (const [name, x] of [["start", first], ["middle", mid], ["end", last]] as const) {
      console.log(`  ${name.padEnd(6)} rss ${mb(x.rss)}  heap ${mb(x.heap)}`);
    }
    console.log(`  peak rss ${mb(peak)} (+${mb(peak - first.rss)} over the start), ${samples.length} samples`);
    if (round === 2) {
      recordFigure({ bench: "evidence", figure: `evidence bundle export (${records} records)`, unit: "records/s", pilot: rate, baseline: null, ...atLeast(rate, 50_000, "records/s") });
      recordFigure({ bench: "evidence", figure: "evidence export peak RSS growth", unit: "MB", pilot: (peak - first.rss) / 1024 / 1024, baseline: null, ...atMost((peak - first.rss) / 1024 / 1024, 128, "MB") });
    }
  }
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
