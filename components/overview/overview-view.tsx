"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { OVERVIEW_WINDOWS, type FIGURE_GROUPS, type OverviewFigure } from "@/lib/contract/overview";
import { overviewParsers, overviewQuery } from "@/lib/queries/overview";
import { Notice } from "../ui/notice";
import { Time } from "../ui/time-zone";
import { FigureCard } from "./figure-card";
import { useLiveOverview } from "./use-live-overview";

type Group = (typeof FIGURE_GROUPS)[number];
const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const GROUPS: readonly { id: Group; title: string }[] = [
  { id: "integrity", title: "Integrity alarms" },
  { id: "audit", title: "Denials" },
  { id: "sessions", title: "Sessions" },
  { id: "scorecards", title: "Scorecards" },
  { id: "health", title: "Ingest and capture" },
];

/** What needs attention now, over the window in the URL, refreshed as messages arrive. */
export function OverviewView() {
  const [p, setP] = useQueryStates(overviewParsers, { history: "replace" });
  const options = overviewQuery(p.window);
  const query = useQuery(options);
  useLiveOverview(query.data?.seq, options.queryKey);
  const data = query.data;
  const byGroup = (g: Group): OverviewFigure[] => data?.figures.filter((f) => f.group === g) ?? [];
  return (
    <div>
      <form aria-label="Overview window" className="mb-4 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Window
          <select
            aria-label="Window"
            className={field}
            value={data?.window ?? p.window ?? "24h"}
            onChange={(e) => void setP({ window: OVERVIEW_WINDOWS.find((w) => w === e.target.value) ?? null })}
          >
            {OVERVIEW_WINDOWS.map((w) => (
              <option key={w} value={w}>
                last {w}
              </option>
            ))}
          </select>
        </label>
        {data ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400" role="status">
            As of <Time ms={data.atMs} />
          </p>
        ) : null}
      </form>
      {query.isPending ? (
        <p role="status">Loading the overview…</p>
      ) : query.error && !data ? (
        <Notice tone="error" title="Could not load the overview">
          {query.error.message}
        </Notice>
      ) : (
        <div className="flex flex-col gap-6">
          {data && data.withheld.length > 0 ? (
            <Notice tone="info" title="Some figures are for auditors">
              Integrity alarms and denials are read from the audit trail, which your role does not show.
            </Notice>
          ) : null}
          {GROUPS.map(({ id, title }) => {
            const figures = byGroup(id);
            if (figures.length === 0) return null;
            return (
              <section key={id} aria-labelledby={`overview-${id}`}>
                <h2 id={`overview-${id}`} className="mb-2 text-sm font-semibold">
                  {title}
                </h2>
                <ul aria-label={title} className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3">
                  {figures.map((f) => (
                    <FigureCard key={f.id} figure={f} />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
