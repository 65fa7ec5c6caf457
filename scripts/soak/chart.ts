import type { Browser } from "@playwright/test";
import { LAG_LIMIT_S, type Sample } from "./verdict";

interface Series {
  label: string;
  color: string;
  values: (number | null)[];
}

const W = 900;
const H = 260;
const PAD = { l: 60, r: 20, t: 30, b: 30 };

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One panel: lines over time, y from 0, an optional dashed limit, a legend. */
function panel(title: string, unit: string, ts: number[], series: Series[], limit?: number): string {
  const tMax = Math.max(1, ...ts);
  const finite = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const yMax = Math.max(limit ?? 0, ...finite, 1e-9) * 1.1;
  const x = (t: number) => PAD.l + (t / tMax) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (Math.min(v, yMax) / yMax) * (H - PAD.t - PAD.b);
  const lines = series.map((s) => {
    const pts = s.values.map((v, i) => (v === null ? null : `${x(ts[i] ?? 0).toFixed(1)},${y(Number.isFinite(v) ? v : yMax).toFixed(1)}`)).filter(Boolean);
    return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.join(" ")}"/>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = yMax * f;
    return `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v)}" y2="${y(v)}" stroke="#e4e4e7"/><text x="${PAD.l - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(v < 10 ? 2 : 0)}</text>`;
  });
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<text x="${x(tMax * f)}" y="${H - 10}" text-anchor="middle">${(tMax * f).toFixed(0)} s</text>`);
  const legend = series.map((s, i) => `<text x="${PAD.l + 10 + i * 200}" y="18" fill="${s.color}">■ ${escape(s.label)}</text>`);
  const limitLine = limit === undefined ? "" : `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(limit)}" y2="${y(limit)}" stroke="#dc2626" stroke-dasharray="6 4"/>`;
  return `<h2>${escape(title)} (${escape(unit)})</h2><svg width="${W}" height="${H}" font-size="12" font-family="sans-serif">${ticks.join("")}${xTicks.join("")}${limitLine}${lines.join("")}${legend.join("")}</svg>`;
}

export function chartHtml(title: string, samples: readonly Sample[], warmUpS: number): string {
  const ts = samples.map((s) => s.t);
  return `<!doctype html><html><body style="margin:16px;font-family:sans-serif;background:#fff">
<h1 style="font-size:18px">${escape(title)}</h1><p style="font-size:12px">Warm-up: first ${warmUpS.toFixed(0)} s. Dashed red: the 1 s lag limit.</p>
${panel("Tabs' JS heap after a full GC", "MB", ts, [
  { label: "/intents JS heap", color: "#2563eb", values: samples.map((s) => s.intentsHeapMb) },
  { label: "DAG JS heap", color: "#16a34a", values: samples.map((s) => s.dagHeapMb) },
])}
${panel("Server RSS (next start process group)", "MB", ts, [{ label: "server RSS", color: "#9333ea", values: samples.map((s) => s.serverRssMb) }])}
${panel("Lag", "s", ts, [
  { label: "ingest lag", color: "#ea580c", values: samples.map((s) => s.ingestLagS) },
  { label: "/intents page lag", color: "#0891b2", values: samples.map((s) => s.pageLagS) },
], LAG_LIMIT_S)}
${panel("Stored rate", "msg/s", ts, [{ label: "messages stored a second", color: "#52525b", values: samples.map((s) => s.rate) }])}
</body></html>`;
}

/** Renders the chart page in the run's Chromium and writes it as a PNG. */
export async function writeChart(browser: Browser, html: string, file: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 960, height: 1300 } });
  try {
    await page.setContent(html);
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await page.close();
  }
}
