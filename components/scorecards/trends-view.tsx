"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import dynamic from "next/dynamic";
import { scorecardParsers } from "@/lib/queries/scorecard-params";
import { trendsQuery, type Trends } from "@/lib/queries/scorecards";
import { BUCKET_KEYS } from "@/lib/scorecards/trends";
import { Notice } from "../ui/notice";
import { OKABE_ITO } from "../ui/palette";
import { useTimeZone } from "../ui/time-zone";
import { ScopeBar } from "./scope-bar";
import { useLiveReplies } from "./use-live-replies";

// recharts is ~100 KB (gzip): loaded after the page, not in its first load.
const TrendChart = dynamic(() => import("./trend-chart").then((m) => m.TrendChart), {
  ssr: false,
  loading: () => <p className="p-4 text-xs text-zinc-500">Loading chart…</p>,
});

const FIGURES = ["prose", "structured", "applied", "disqualified"] as const;
type Figure = (typeof FIGURES)[number];
const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

function ModelChart({ model, figure, tz }: { model: Trends["models"][number]; figure: Figure; tz: "utc" | "local" }) {
  const data = model.points.map((p) => ({ t: p.startMs, value: p[figure].value, band: [p[figure].low, p[figure].high], n: p.replies, drift: p.drift }));
  const drifts = model.points.filter((p) => p.drift).length;
  return (
    <figure className="rounded border border-zinc-200 p-3 dark:border-zinc-800">
      <figcaption className="mb-1 flex items-baseline justify-between text-sm">
        <span className="font-mono font-medium">{model.modelId}</span>
        {figure === "prose" && drifts > 0 ? (
          <span role="status" className="text-xs" style={{ color: OKABE_ITO.vermillion }}>
            ◆ {drifts} shape drift{drifts > 1 ? "s" : ""}
          </span>
        ) : null}
      </figcaption>
      <div className="h-48" role="img" aria-label={`${figure} rate of ${model.modelId} over ${model.points.length} buckets`}>
        <TrendChart data={data} figure={figure} tz={tz} />
      </div>
    </figure>
  );
}

/** Per model, a rate over time with its 95% band; prose drifts beyond the noise are marked. */
export function TrendsView() {
  const [p, setP] = useQueryStates(scorecardParsers, { history: "replace" });
  const [tz] = useTimeZone();
  const scope = { pilot: p.pilot, range: p.range, from: p.from, to: p.to, model: p.model };
  const query = useQuery(trendsQuery(scope, p.bucket));
  useLiveReplies(trendsQuery(scope, p.bucket).queryKey, query.data?.seq, p.pilot);
  const figure = p.figure ?? "prose";
  return (
    <div>
      <ScopeBar />
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Figure
          <select aria-label="Figure" className={field} value={figure} onChange={(e) => void setP({ figure: FIGURES.find((f) => f === e.target.value) ?? null })}>
            {FIGURES.map((f) => (
              <option key={f} value={f}>
                {f} rate
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Bucket
          <select aria-label="Bucket" className={field} value={p.bucket ?? ""} onChange={(e) => void setP({ bucket: BUCKET_KEYS.find((b) => b === e.target.value) ?? null })}>
            <option value="">auto{query.data?.auto ? ` (${query.data.bucket})` : ""}</option>
            {BUCKET_KEYS.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      </div>
      {query.isPending ? (
        <p role="status">Computing the trends…</p>
      ) : !query.data ? (
        <Notice tone="error" title="Could not compute the trends">{query.error?.message}</Notice>
      ) : query.data.models.length === 0 ? (
        <Notice tone="info" title="No reply in this scope" />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {query.data.models.map((m) => (
            <ModelChart key={m.modelId} model={m} figure={figure} tz={tz} />
          ))}
        </div>
      )}
    </div>
  );
}
