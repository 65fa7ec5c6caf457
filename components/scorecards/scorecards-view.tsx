"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { scorecardParsers } from "@/lib/queries/scorecard-params";
import { modelScorecardsQuery } from "@/lib/queries/scorecards";
import { Notice } from "../ui/notice";
import { Definitions } from "./definitions";
import { ModelsTable } from "./models-table";
import { ScopeBar } from "./scope-bar";
import { useLiveReplies } from "./use-live-replies";

const button = "rounded-md border border-zinc-300 px-2 py-0.5 text-sm dark:border-zinc-700";

/** Per model, how its replies were shaped, what applied, what it cost: live. */
export function ScorecardsView() {
  const [p] = useQueryStates(scorecardParsers);
  const scope = { pilot: p.pilot, range: p.range, from: p.from, to: p.to, model: p.model };
  const query = useQuery(modelScorecardsQuery(scope));
  useLiveReplies(modelScorecardsQuery(scope).queryKey, query.data?.seq, p.pilot);
  // Links use the scope the answer was computed for (a relative range resolved once).
  const answered = query.data?.scope;
  const search = new URLSearchParams();
  if (answered?.pilot) search.set("pilot", answered.pilot);
  if (answered?.fromMs != null) search.set("from", String(answered.fromMs));
  if (answered?.toMs != null) search.set("to", String(answered.toMs));
  if (answered?.model) search.set("model", answered.model);
  const drill = (modelId: string, cond: Record<string, string>) => {
    const q = new URLSearchParams(search);
    q.set("model", modelId);
    for (const [k, v] of Object.entries(cond)) q.set(k, v);
    return `/scorecards/replies?${q}`;
  };
  const exportHref = (format: "csv" | "json") => `/api/scorecards/export?view=models&format=${format}&${search}`;

  return (
    <div>
      <ScopeBar />
      {query.isPending ? (
        <p role="status">Computing the scorecards…</p>
      ) : !query.data ? (
        <Notice tone="error" title="Could not compute the scorecards">
          {query.error?.message}
        </Notice>
      ) : query.data.models.length === 0 ? (
        <Notice tone="info" title="No reply in this scope">
          Scorecards appear as soon as Newt hosts publish TaskReplies on newt.replies.&lt;pilot_id&gt;.&lt;task_id&gt;. Choose another pilot run or a
          wider time range.
        </Notice>
      ) : (
        <>
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
            <span role="status" aria-label="Replies in scope">
              {query.data.replies} replies from {query.data.models.length} model(s)
            </span>
            <span className="ml-auto text-xs text-zinc-500">Export</span>
            <a className={button} href={exportHref("csv")} download>
              CSV
            </a>
            <a className={button} href={exportHref("json")} download>
              JSON
            </a>
          </div>
          <ModelsTable models={query.data.models} drill={drill} />
        </>
      )}
      <Definitions />
    </div>
  );
}
