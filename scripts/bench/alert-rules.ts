// `npm run bench:alerts`: 50 audit-count rules evaluated as Pilot evaluates them (lib/alerts/
// evaluator.ts, one tick a second on the thread that also writes the index) while audit
// events are written into the index at a target rate (10,000 msg/s by default) for a
// duration (30 s). Batches are written as ingest writes them (each decoded on the decode
// worker while the one before is written). Prints the achieved write rate, where the one
// thread's time and CPU went (the bench's publisher, the hand-over to the decode worker,
// the index writes, the evaluation), each tick's evaluation time, the evaluation lag (from
// a batch's commit to the end of the tick that counted it), and checks every rule's count
// against what was written. Figures, not assertions.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { Evaluator } from "../../lib/alerts/evaluator";
import type { RuleRecord } from "../../lib/alerts/records";
import { ruleAuditFilter } from "../../lib/alerts/rule-filter";
import { openStore, type IngestRecord } from "../../lib/store";
import { auditRecord } from "../../lib/testing/audit-fixture";
import { auditBody, testIntentId } from "../../lib/testing/alert-fixtures";

const RULES = ["capability-allowlist", "path-sandbox", "egress-domains", "rate-limit", "secrets-redaction", "signature-verify", "net-deny", "fs-deny", "git-host", "shell-guard"];
const EXECUTORS = Array.from({ length: 10 }, (_, i) => `exec-bench-${i}`);

/** This thread's time on a CPU, in µs (Linux schedstat): what each stage costs, whatever the neighbours take. */
const threadCpuUs = (): number => Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** 50 rules over the audit language's fields: decision, rule, executor, status, and their combinations. */
function benchRules(): { rule: RuleRecord; matches: (e: { rule: string; executor: string; deny: boolean }) => boolean }[] {
  const out: { rule: RuleRecord; matches: (e: { rule: string; executor: string; deny: boolean }) => boolean }[] = [];
  const base = (i: number, query: string, threshold: number): RuleRecord => ({
    id: `bench${i}`, name: `bench ${i}`, kind: "audit-count", query, threshold, windowMs: 60_000, muted: false, webhook: null,
    createdBy: "bench", createdMs: 0, updatedBy: "bench", updatedMs: 0,
  });
  RULES.forEach((r) => out.push({ rule: base(out.length, `decision:deny rule:${r}`, 5_000), matches: (e) => e.deny && e.rule === r }));
  RULES.forEach((r) => out.push({ rule: base(out.length, `rule:${r}`, 1_000_000), matches: (e) => e.rule === r }));
  EXECUTORS.forEach((x) => out.push({ rule: base(out.length, `executor:${x} decision:deny`, 2_000), matches: (e) => e.deny && e.executor === x }));
  EXECUTORS.forEach((x) => out.push({ rule: base(out.length, `executor:${x} status:denied`, 2_000), matches: (e) => e.deny && e.executor === x }));
  for (let k = 0; out.length < 50; k++) {
    const r = RULES[k % RULES.length] ?? "";
    const x = EXECUTORS[k % EXECUTORS.length] ?? "";
    out.push({ rule: base(out.length, `executor:${x} rule:${r}`, 500), matches: (e) => e.executor === x && e.rule === r });
  }
  return out;
}

export async function benchAlertRules(o: { rate: number; seconds: number; tickMs: number }): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-bench-alerts-"));
  const store = openStore(path.join(dir, "index.sqlite"));
  const rules = benchRules();
  const expected = new Map<string, number>(rules.map((r) => [r.rule.id, 0]));
  let fired = 0;
  const evaluator = new Evaluator({
    store,
    rules: () => rules.map((r, i) => ({ key: `rule.${r.rule.id}`, value: r.rule, revision: i + 1 })),
    publish: async () => {
      fired++;
    },
    known: () => false,
    ingest: async () => [],
    replica: "bench",
  });
  const batchEvery = 50;
  const perBatch = Math.round((o.rate * batchEvery) / 1000);
  let seq = 0;
  let written = 0;
  let writeMs = 0;
  let genMs = 0;
  let prepMs = 0;
  const cpu = { gen: 0, prep: 0, write: 0, tick: 0 };
  let prepared: { batch: ReturnType<typeof store.prepareBatch>; n: number } | null = null;
  /** Commit times of batches not yet counted by a tick. */
  let pendingSince: number | null = null;
  const lags: number[] = [];
  const ticks: number[] = [];
  const startCpu = process.cpuUsage();
  const started = performance.now();
  const end = started + o.seconds * 1000;
  let nextBatch = started;
  let nextTick = started + o.tickMs;
  // One thread, as in Pilot (in-process ingest and the evaluator share the event loop):
  // batches on their schedule, a tick when due; a late batch is written at once (catching up).
  while (performance.now() < end) {
    const now = performance.now();
    if (now >= nextTick) {
      const t = performance.now();
      const c0 = threadCpuUs();
      await evaluator.tick();
      cpu.tick += threadCpuUs() - c0;
      const done = performance.now();
      ticks.push(done - t);
      if (pendingSince !== null) lags.push(done - pendingSince);
      pendingSince = null;
      nextTick += o.tickMs;
      continue;
    }
    if (now >= nextBatch) {
      // The publisher's share: making the events (and the expected counts) is the bench's, not Pilot's.
      const g = performance.now();
      const c0 = threadCpuUs();
      const ms = Date.now();
      const batch: IngestRecord[] = [];
      for (let i = 0; i < perBatch; i++) {
        const k = seq++;
        const e = { rule: RULES[k % RULES.length] ?? "", executor: EXECUTORS[Math.floor(k / 7) % EXECUTORS.length] ?? "", deny: k % 3 === 0 };
        const id = testIntentId();
        batch.push(auditRecord(k + 1, "policy", id, auditBody(id, ms, { decision: e.deny ? "deny" : "allow", rule: e.rule, executor: e.executor })));
        for (const r of rules) if (r.matches(e)) expected.set(r.rule.id, (expected.get(r.rule.id) ?? 0) + 1);
      }
      const t = performance.now();
      const c1 = threadCpuUs();
      genMs += t - g;
      cpu.gen += c1 - c0;
      // As ingest runs it: this batch's decoding starts (on the decode worker) while the one
      // before is written, not decoded and written in one go on the writing thread.
      const next = store.prepareBatch(batch);
      const p = performance.now();
      const c2 = threadCpuUs();
      prepMs += p - t;
      cpu.prep += c2 - c1;
      if (prepared) {
        store.applyPrepared(prepared.batch);
        written += prepared.n;
      }
      prepared = { batch: next, n: batch.length };
      const committed = performance.now();
      cpu.write += threadCpuUs() - c2;
      writeMs += committed - p;
      pendingSince ??= committed;
      nextBatch += batchEvery;
      continue;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(nextBatch, nextTick) - performance.now())));
  }
  if (prepared) {
    store.applyPrepared(prepared.batch);
    written += prepared.n;
  }
  // A last tick counts what the run wrote after the previous one.
  const t = performance.now();
  await evaluator.tick();
  ticks.push(performance.now() - t);
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(startCpu);
  const tickTotal = ticks.reduce((a, b) => a + b, 0);
  ticks.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  // Every rule's count, summed over the windows the run touched, against what was written.
  const counted = new Map<string, number>();
  for (const r of rules) {
    const f = ruleAuditFilter(r.rule.query ?? "");
    if (!f.ok) throw new Error(f.error);
    const got = store.auditWindowCounts(f.filter, { afterId: 0, windowMs: 60_000 });
    counted.set(r.rule.id, got.windows.reduce((a, w) => a + w.n, 0));
  }
  const wrong = rules.filter((r) => counted.get(r.rule.id) !== expected.get(r.rule.id));
  console.log(`Pilot bench:alerts — ${new Date().toISOString()} — node ${process.version} — ${cpus().length} × ${cpus()[0]?.model ?? "?"} — load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`${rules.length} audit-count rules, target ${o.rate} msg/s for ${o.seconds} s, a tick every ${o.tickMs} ms`);
  console.log(`written: ${written} events in ${wall.toFixed(1)} s = ${Math.round(written / wall)} msg/s`);
  console.log(`the one thread's time: publisher (making events) ${(genMs / 1000).toFixed(1)} s, handing batches to the decode worker ${(prepMs / 1000).toFixed(1)} s, index writes ${(writeMs / 1000).toFixed(1)} s (${((writeMs * 1000) / Math.max(1, written)).toFixed(1)} µs an event), evaluation ${(tickTotal / 1000).toFixed(1)} s, idle ${Math.max(0, wall - (genMs + prepMs + writeMs + tickTotal) / 1000).toFixed(1)} s`);
  const per = (us: number) => (us / Math.max(1, written)).toFixed(1);
  console.log(`CPU of the one thread per event written: publisher ${per(cpu.gen)} µs, hand-over ${per(cpu.prep)} µs, index writes ${per(cpu.write)} µs, evaluation ${per(cpu.tick)} µs → ${Math.round(1e6 / ((cpu.gen + cpu.prep + cpu.write + cpu.tick) / Math.max(1, written)))} msg/s if the thread had a core, ${Math.round(1e6 / ((cpu.prep + cpu.write + cpu.tick) / Math.max(1, written)))} msg/s without the publisher`);
  console.log(`evaluation: ${ticks.length} ticks, per tick p50 ${percentile(ticks, 50).toFixed(1)} ms, p99 ${percentile(ticks, 99).toFixed(1)} ms, max ${(ticks.at(-1) ?? 0).toFixed(1)} ms; ${(tickTotal / 1000).toFixed(2)} s of ${wall.toFixed(1)} s (${((tickTotal / 1000 / wall) * 100).toFixed(1)}% of a core), ≈ ${((tickTotal * 1000) / Math.max(1, written) / rules.length).toFixed(2)} µs per event per rule`);
  console.log(`evaluation lag (batch commit → end of the tick that counted it): p50 ${percentile(lags, 50).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms, max ${(lags.at(-1) ?? 0).toFixed(0)} ms`);
  console.log(`CPU of the process: user ${(used.user / 1e6).toFixed(1)} s + system ${(used.system / 1e6).toFixed(1)} s over ${wall.toFixed(1)} s = ${(((used.user + used.system) / 1e6 / wall) * 100).toFixed(0)}% of a core`);
  console.log(`firings: ${fired}; rule counts equal to what was written: ${rules.length - wrong.length} of ${rules.length}${wrong.length ? ` (wrong: ${wrong.map((r) => `${r.rule.query} ${counted.get(r.rule.id)} ≠ ${expected.get(r.rule.id)}`).join("; ")})` : ""}`);
  if (wrong.length > 0) process.exitCode = 1;
  store.close();
  rmSync(dir, { recursive: true, force: true });
  await evaluationCapacity(o);
}

/**
 * The evaluation alone, whatever the writer manages on this machine: each simulated second
 * writes `rate` events (untimed), then one tick is timed. A tick under a second for a
 * second's events means evaluation keeps up with that rate.
 */
async function evaluationCapacity(o: { rate: number; seconds: number }): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-bench-alerts-"));
  const store = openStore(path.join(dir, "index.sqlite"));
  const rules = benchRules();
  const evaluator = new Evaluator({
    store,
    rules: () => rules.map((r, i) => ({ key: `rule.${r.rule.id}`, value: r.rule, revision: i + 1 })),
    publish: async () => {},
    known: () => false,
    ingest: async () => [],
    replica: "bench",
  });
  await evaluator.tick();
  const ticks: number[] = [];
  let seq = 0;
  for (let s = 0; s < o.seconds; s++) {
    const ms = Date.now();
    for (let b = 0; b < o.rate; b += 1000) {
      const batch: IngestRecord[] = [];
      for (let i = 0; i < Math.min(1000, o.rate - b); i++) {
        const k = seq++;
        const id = testIntentId();
        batch.push(auditRecord(k + 1, "policy", id, auditBody(id, ms, { decision: k % 3 === 0 ? "deny" : "allow", rule: RULES[k % RULES.length], executor: EXECUTORS[Math.floor(k / 7) % EXECUTORS.length] })));
      }
      store.applyBatch(batch);
    }
    const t = performance.now();
    await evaluator.tick();
    ticks.push(performance.now() - t);
  }
  ticks.sort((a, b) => a - b);
  console.log(`evaluation capacity: ${o.seconds} ticks, each over ${o.rate} new events × ${rules.length} rules: p50 ${percentile(ticks, 50).toFixed(0)} ms, p99 ${percentile(ticks, 99).toFixed(0)} ms, max ${(ticks.at(-1) ?? 0).toFixed(0)} ms per simulated second → ${((1000 / Math.max(1, percentile(ticks, 50))) * o.rate).toFixed(0)} msg/s at the p50 on the one thread (load ${loadavg().map((l) => l.toFixed(2)).join(" ")})`);
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
