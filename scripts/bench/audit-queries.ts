// The audit half of `npm run bench:ingest`: an index of 1M audit events (default), then
// p50 / p95 of the API's filtered audit page and full-text query, through the same
// handler the route uses (parameter parsing and JSON included).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { handleAuditSearch } from "../../lib/api/audit";
import { openStore } from "../../lib/store";
import { fillAuditIndex } from "./fill-audit-index";
import { atMost, recordFigure } from "./results";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function time(store: ReturnType<typeof openStore>, query: string, runs: number): Promise<{ p50: number; p95: number; total: number }> {
  const ms: number[] = [];
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = handleAuditSearch(store, new URL(`http://bench/api/audit?${query}`));
    const body: unknown = await res.json();
    ms.push(performance.now() - t);
    if (!res.ok) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
    if (body && typeof body === "object" && "total" in body && typeof body.total === "number") total = body.total;
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), total };
}

export async function benchAuditQueries(events: number, runs = 40): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-bench-audit-"));
  const store = openStore(path.join(dir, "index.sqlite"));
  try {
    const buildS = fillAuditIndex(store, events);
    console.log(`index of ${events} audit events built in ${buildS.toFixed(0)} s (${Math.round(events / buildS)} events/s)`);
    const day = Date.now() - 24 * 3_600_000;
    const cases: [string, string][] = [
      ["filtered page: executor + status", "executor=exec-prod-04&status=ok&limit=50"],
      ["filtered page: decision + sandbox", "decision=deny&sandbox=full&limit=50"],
      ["filtered page: rule, last 24 h", `rule=egress-domains&from=${day}&limit=50`],
      ["full text: one word", "q=kubeconfig&limit=50"],
      ["full text: two words + filter", "q=outside%20allowlist&executor=exec-ci-02&limit=50"],
      ["full text: phrase + filter", "q=%22outside%20the%20allowlist%22&executor=exec-ci-02&limit=50"],
    ];
    console.log(`audit API over ${events} events, ${runs} runs each (ms):`);
    for (const [name, query] of cases) {
      const r = await time(store, query, runs);
      const load = loadavg()[0]?.toFixed(1);
      recordFigure({ bench: "audit query", figure: `${name}, p95 (${events} events)`, unit: "ms", pilot: r.p95, baseline: null, ...atMost(r.p95, name.startsWith("full text") ? 100 : 50, "ms") });
      console.log(`  ${name.padEnd(36)} p50 ${r.p50.toFixed(1).padStart(7)}  p95 ${r.p95.toFixed(1).padStart(7)}  (${r.total} matches; load ${load})`);
    }
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
