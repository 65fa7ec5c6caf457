// `npm run bench [-- --only ingest,live] [--quick]`: every benchmark in turn (ingest, audit
// queries, live, dag, export), each printing its own detail, then one table: figure,
// Pilot, same-run baseline, ratio, target, pass / short; and the first-load JS per page
// route of the production build (gzip, target ≤ 250 KB). `--quick` runs smaller sizes
// (a smoke run; its figures are not the benchmark's).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { firstLoadJs } from "./bench/first-load-js";
import { benchFigureSchema, type BenchFigure } from "./bench/results";

const BENCHES = ["ingest", "live", "dag", "export"] as const;
const args = z
  .object({
    only: z
      .string()
      .default(BENCHES.join(","))
      .transform((s) => s.split(",").map((x) => x.trim()))
      .pipe(z.array(z.enum(BENCHES))),
    quick: z.boolean().default(false),
  })
  .parse(parseArgs({ options: { only: { type: "string" }, quick: { type: "boolean" } } }).values);

const FIRST_LOAD_LIMIT_KB = 250;
const runArgs: Record<(typeof BENCHES)[number], string[]> = {
  ingest: args.quick ? ["--count", "20000", "--audit", "100000"] : [],
  live: ["--skip-build", ...(args.quick ? ["--samples", "50"] : [])],
  dag: ["--skip-build", ...(args.quick ? ["--sizes", "500,2000"] : [])],
  export: args.quick ? ["--count", "100000", "--rounds", "1"] : [],
};

const started = new Date();
const dir = mkdtempSync(path.join(tmpdir(), "pilot-bench-"));
const resultsFile = path.join(dir, "figures.jsonl");
const failed: string[] = [];
try {
  console.log("› next build (the production build every browser benchmark runs)");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new Error("next build failed");

  for (const bench of args.only) {
    console.log(`\n› npm run bench:${bench} -- ${runArgs[bench].join(" ")}`);
    const run = spawnSync("npm", ["run", "--silent", `bench:${bench}`, "--", ...runArgs[bench]], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, PILOT_BENCH_RESULTS: resultsFile },
    });
    if (run.status !== 0) failed.push(bench);
  }

  const figures: BenchFigure[] = [];
  try {
    for (const line of readFileSync(resultsFile, "utf8").split("\n")) if (line.trim()) figures.push(benchFigureSchema.parse(JSON.parse(line)));
  } catch {
    // no bench recorded anything
  }
  for (const r of firstLoadJs(".next")) {
    if (r.route.startsWith("/_")) continue;
    figures.push({ bench: "first-load JS", figure: r.route, unit: "KB gzip", pilot: r.kb, baseline: null, target: `≤ ${FIRST_LOAD_LIMIT_KB} KB`, pass: r.kb <= FIRST_LOAD_LIMIT_KB });
  }

  const num = (v: number) => (v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(v >= 10 ? 1 : 2));
  console.log(`\n## Pilot benchmarks — ${started.toISOString().slice(0, 16)}Z — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}${args.quick ? " — QUICK run" : ""}\n`);
  console.log("| bench | figure | Pilot | same-run baseline | ratio | target | |");
  console.log("|---|---|---|---|---|---|---|");
  for (const f of figures) {
    const baseline = f.baseline === null ? "—" : `${num(f.baseline)} ${f.unit}`;
    const ratio = f.baseline ? (f.pilot / f.baseline).toFixed(2) : "—";
    console.log(`| ${f.bench} | ${f.figure} | ${num(f.pilot)} ${f.unit} | ${baseline} | ${ratio} | ${f.target} | ${f.pass ? "pass" : "short"} |`);
  }
  const short = figures.filter((f) => !f.pass).length;
  console.log(`\n${figures.length - short} of ${figures.length} figures meet their targets${failed.length ? `; benchmarks that did not finish: ${failed.join(", ")}` : ""}.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
