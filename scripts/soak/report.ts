import { RULE, type Sample, type Verdict } from "./verdict";

const fmt = (n: number | null, digits = 1): string => (n === null ? "—" : Number.isFinite(n) ? n.toFixed(digits) : "∞");

/** The samples as a fixed-width table; `*` marks the warm-up. */
export function sampleTable(samples: readonly Sample[], warmUpS: number): string {
  const head = ["t (s)", "intents heap MB", "DAG heap MB", "server RSS MB", "ingest lag s", "pending", "page lag s", "stored msg/s"];
  const rows = samples.map((s) => [
    `${s.t.toFixed(0)}${s.t <= warmUpS ? "*" : ""}`,
    fmt(s.intentsHeapMb),
    fmt(s.dagHeapMb),
    fmt(s.serverRssMb),
    fmt(s.ingestLagS, 3),
    String(s.pendingMsgs),
    fmt(s.pageLagS, 3),
    fmt(s.rate, 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

export function verdictText(v: Verdict, minutes: number, rate: number): string {
  const lines = [
    `Warm-up: first ${v.warmUpS.toFixed(0)} s (rows marked *); ${v.steady.length} samples after it.`,
    `Publisher asked for ${rate} msg/s; streams stored ${v.meanRate.toFixed(0)} msg/s on average after warm-up.`,
    ...v.memory.map(
      (m) => `${m.label}: slope ${m.slopeMbPerMin.toFixed(3)} MB/min, mean ${m.meanMb.toFixed(1)} MB, × ${minutes} min = ${(m.projectedGrowth * 100).toFixed(1)}% of mean — ${m.pass ? "bounded" : "GROWING"}`,
    ),
    `Ingest lag (age of the oldest message not yet indexed): max ${fmt(v.maxIngestLagS, 3)} s after warm-up${v.worstIngest?.ingestLagStream ? ` (${v.worstIngest.ingestLagStream} at ${v.worstIngest.t.toFixed(0)} s)` : ""}.`,
    `/intents page lag (the highest figure its lag indicator showed, or, when the streams hold newer messages than it shows, the time since the newest one it shows was stored): max ${fmt(v.maxPageLagS, 3)} s after warm-up.`,
    RULE,
    v.pass ? "PASS" : `FAIL: ${v.reasons.join("; ")}`,
  ];
  return lines.join("\n");
}
