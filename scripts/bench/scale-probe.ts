// One measurement of `npm run bench:scale`, run in a fresh process against an index the
// parent built: the first answer after a start (open the file, answer the audit page —
// what a restarted server does first), then every audit answer through the real API
// handlers (p50 / p95), then the process's peak RSS. Prints one JSON line on stdout.
import { loadavg } from "node:os";
import { handleAuditSearch } from "../../lib/api/audit";
import { handleAuditGroups, handleAuditHistogram } from "../../lib/api/audit-aggregates";
import { handleAuditExport } from "../../lib/api/audit-export";
import { openStore, type Store } from "../../lib/store";
import { SCALE_ANSWERS, type ScaleAnswer } from "./scale-answers";

const file = process.argv[2];
const newestMs = Number(process.argv[3]);
const budgetMs = Number(process.argv[4] ?? 8000);
if (!file || !Number.isFinite(newestMs)) throw new Error("usage: scale-probe.ts <index file> <newest event ms> [budget ms]");

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** One answer, timed until its body is read (the export: until its first chunk). */
async function answer(store: Store, a: ScaleAnswer): Promise<number> {
  const url = new URL(`http://bench/api/audit${a.path}?${a.query(newestMs)}`);
  const t = performance.now();
  const res =
    a.handler === "search"
      ? handleAuditSearch(store, url)
      : a.handler === "histogram"
        ? handleAuditHistogram(store, url)
        : a.handler === "groups"
          ? handleAuditGroups(store, url)
          : handleAuditExport(store, url);
  if (a.handler === "export") {
    const reader = res.body?.getReader();
    const first = await reader?.read();
    const ms = performance.now() - t;
    await reader?.cancel();
    if (!res.ok || !first || first.done) throw new Error(`${a.name}: ${res.status}, no first chunk`);
    return ms;
  }
  const body: unknown = await res.json();
  const ms = performance.now() - t;
  if (!res.ok) throw new Error(`${a.name}: ${res.status} ${JSON.stringify(body)}`);
  return ms;
}

const t0 = performance.now();
const store = openStore(file);
const openMs = performance.now() - t0;
const first = SCALE_ANSWERS[0];
if (!first) throw new Error("no answers");
await answer(store, first);
const coldMs = performance.now() - t0;

const answers: Record<string, { p50: number; p95: number; first: number; runs: number }> = {};
for (const a of SCALE_ANSWERS) {
  // The first run of each answer may load what it needs (columns, caches): kept apart.
  const firstMs = await answer(store, a);
  const ms: number[] = [];
  const began = performance.now();
  // 40 runs (with 20, the p95 was the slowest run), or fewer (at least 5) when an answer
  // is slow: a 10M index is big.
  while (ms.length < 40 && (ms.length < 5 || performance.now() - began < budgetMs)) ms.push(await answer(store, a));
  ms.sort((x, y) => x - y);
  answers[a.name] = { p50: percentile(ms, 50), p95: percentile(ms, 95), first: firstMs, runs: ms.length };
}
store.close();
console.log(
  JSON.stringify({
    openMs,
    coldMs,
    answers,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    load: loadavg()[0] ?? 0,
  }),
);
