"use client";

import { useQueryStates } from "nuqs";
import type { ModelScorecardAnswer } from "@/lib/contract/replies";
import { scorecardParsers, type SortKey } from "@/lib/queries/scorecard-params";
import { costText, ms, usd } from "./format-rate";
import { RateCell } from "./rate-cell";
import { ShapeBar } from "./shape-bar";

type Score = ModelScorecardAnswer;

const SORT_VALUE: Record<SortKey, (s: Score) => number | string | null> = {
  model: (s) => s.modelId,
  replies: (s) => s.replies,
  structured: (s) => s.structured.value,
  prose: (s) => s.shapes.prose.value,
  disqualified: (s) => s.disqualified.value,
  applied: (s) => s.applied.value,
  hallucinations: (s) => s.hallucinationsPerReply,
  cost: (s) => s.costUsd,
  costPerApplied: (s) => s.costPerApplied,
  elapsedP50: (s) => s.elapsedP50,
};

function sorted(models: readonly Score[], key: SortKey, dir: "asc" | "desc"): Score[] {
  const v = SORT_VALUE[key];
  return [...models].sort((a, b) => {
    const x = v(a);
    const y = v(b);
    // Missing values last, whichever the direction.
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = typeof x === "string" || typeof y === "string" ? String(x).localeCompare(String(y)) : x - y;
    return dir === "asc" ? c : -c;
  });
}

function EndReasons({ ends }: { ends: Record<string, number> }) {
  const entries = Object.entries(ends).sort((a, b) => b[1] - a[1]);
  return (
    <ul className="text-[11px] leading-4 text-zinc-600 dark:text-zinc-400">
      {entries.slice(0, 4).map(([k, n]) => (
        <li key={k}>
          {k.replaceAll("_", " ")} <span className="tabular-nums">{n}</span>
        </li>
      ))}
      {entries.length > 4 ? <li>+{entries.length - 4} more</li> : null}
    </ul>
  );
}

/** One row per model with every figure; headers sort (the choice is in the URL); cells drill down. */
export function ModelsTable({ models, drill }: { models: readonly Score[]; drill: (modelId: string, cond: Record<string, string>) => string }) {
  const [p, setP] = useQueryStates(scorecardParsers, { history: "replace" });
  const key = p.sort ?? "replies";
  const dir = p.dir ?? (key === "model" ? "asc" : "desc");
  const header = (k: SortKey, text: string, title?: string) => (
    <th scope="col" className="px-2 py-2 font-medium" aria-sort={key === k ? (dir === "asc" ? "ascending" : "descending") : "none"} title={title}>
      <button type="button" className="uppercase hover:underline" onClick={() => void setP({ sort: k, dir: key === k && dir === "desc" ? "asc" : "desc" })}>
        {text}
        {key === k ? (dir === "asc" ? " ▲" : " ▼") : ""}
      </button>
    </th>
  );
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Scorecard per model</caption>
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            {header("model", "Model")}
            {header("replies", "Replies")}
            <th scope="col" className="px-2 py-2 font-medium uppercase">Emission shape</th>
            {header("structured", "Structured", "whole_files or unified_diff")}
            {header("prose", "Prose", "no structured emission (failure mode T0a)")}
            {header("disqualified", "Disqualified", "empty_diff: disqualified before review")}
            {header("applied", "Applied", "diff_applied")}
            <th scope="col" className="px-2 py-2 font-medium uppercase">End reasons</th>
            {header("hallucinations", "Halluc./reply")}
            <th scope="col" className="px-2 py-2 font-medium uppercase">Tokens in / out</th>
            {header("cost", "Cost")}
            {header("costPerApplied", "Cost / applied")}
            {header("elapsedP50", "Elapsed p50 / p95")}
          </tr>
        </thead>
        <tbody>
          {sorted(models, key, dir).map((s) => (
            <tr key={s.modelId} className="border-t border-zinc-200 align-top dark:border-zinc-800">
              <th scope="row" className="px-2 py-2 text-left font-mono font-medium">
                {s.modelId}
              </th>
              <td className="px-2 py-2 tabular-nums">{s.replies}</td>
              <td className="px-2 py-2">
                <ShapeBar shapes={s.shapes} hrefFor={(shape) => drill(s.modelId, { shape })} />
              </td>
              <td className="px-2 py-2">
                <RateCell label={`${s.modelId} structured`} rate={s.structured} href={drill(s.modelId, { structured: "true" })} />
              </td>
              <td className="px-2 py-2">
                <RateCell label={`${s.modelId} prose`} rate={s.shapes.prose} href={drill(s.modelId, { shape: "prose" })} />
              </td>
              <td className="px-2 py-2">
                <RateCell label={`${s.modelId} disqualified`} rate={s.disqualified} href={drill(s.modelId, { empty: "true" })} />
              </td>
              <td className="px-2 py-2">
                <RateCell label={`${s.modelId} applied`} rate={s.applied} href={drill(s.modelId, { applied: "true" })} />
              </td>
              <td className="px-2 py-2">
                <EndReasons ends={s.endReasons} />
              </td>
              <td className="px-2 py-2 tabular-nums">{s.hallucinationsPerReply === null ? "—" : s.hallucinationsPerReply.toFixed(2)}</td>
              <td className="px-2 py-2 tabular-nums" title={`${s.withUsage} of ${s.replies} replies reported usage`}>
                {s.inputTokens.toLocaleString("en")} / {s.outputTokens.toLocaleString("en")}
              </td>
              <td className="px-2 py-2 tabular-nums" title={`${s.costed} of ${s.replies} replies reported a cost`}>
                {costText(s.costUsd, s.costed, s.replies)}
              </td>
              <td className="px-2 py-2 tabular-nums">{s.costPerApplied === null && s.costed < s.replies && s.applied.k > 0 ? "unknown" : usd(s.costPerApplied)}</td>
              <td className="px-2 py-2 tabular-nums" title={`over ${s.timed} timed replies`}>
                {ms(s.elapsedP50)} / {ms(s.elapsedP95)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
