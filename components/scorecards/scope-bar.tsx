"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { SCORE_RANGES, scorecardParsers } from "@/lib/queries/scorecard-params";
import { pilotRunsQuery } from "@/lib/queries/scorecards";
import { useRefetchOnStream } from "../live/use-refetch-on-stream";

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const label = "flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400";

/** What the scorecard covers: one pilot run, or a time range; optionally one model. */
export function ScopeBar() {
  const [p, setP] = useQueryStates(scorecardParsers, { history: "replace" });
  const runs = useQuery(pilotRunsQuery);
  useRefetchOnStream({ subject: "newt.replies.>", seq: runs.data?.seq, queryKey: pilotRunsQuery.queryKey });
  const pilots = runs.data?.items ?? [];
  const models = [...new Set(pilots.flatMap((r) => r.models.map((m) => m.modelId)))].sort();
  return (
    <form role="search" aria-label="Scorecard scope" className="mb-4 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <label className={label}>
        Pilot run
        <select
          aria-label="Pilot run"
          className={`${field} min-w-48`}
          value={p.pilot ?? ""}
          onChange={(e) => void setP({ pilot: e.target.value || null, range: null, from: null, to: null })}
        >
          <option value="">all runs (time range)</option>
          {pilots.map((r) => (
            <option key={r.pilotId} value={r.pilotId}>
              {r.pilotId} · {r.replies} replies
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        Time range
        <select
          aria-label="Time range"
          className={field}
          disabled={p.pilot !== null}
          value={p.range ?? ""}
          onChange={(e) => void setP({ range: SCORE_RANGES.find((r) => r === e.target.value) ?? null, from: null, to: null })}
        >
          <option value="">all time</option>
          {SCORE_RANGES.map((r) => (
            <option key={r} value={r}>
              last {r}
            </option>
          ))}
        </select>
      </label>
      <label className={label}>
        Model
        <select aria-label="Model" className={field} value={p.model ?? ""} onChange={(e) => void setP({ model: e.target.value || null })}>
          <option value="">every model</option>
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      {runs.error ? <span className="text-xs text-red-700">Could not list the pilot runs: {runs.error.message}</span> : null}
    </form>
  );
}
