"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { scorecardParsers } from "@/lib/queries/scorecard-params";
import { comparisonQuery, pilotRunsQuery, type Comparison } from "@/lib/queries/scorecards";
import { SMALL_SAMPLE } from "@/lib/scorecards/compare";
import { Badge, type BadgeLook } from "../ui/badge";
import { lookFor } from "../ui/status-looks";
import { Notice } from "../ui/notice";
import { pct, rateText } from "./format-rate";
import { useBaseline } from "./use-baseline";

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const button = "rounded-md border border-zinc-300 px-2 py-0.5 text-sm dark:border-zinc-700";

const LABELS: Record<string, string> = { structured: "Structured", prose: "Prose", disqualified: "Disqualified", applied: "Applied" };
const VERDICTS: Record<string, BadgeLook> = {
  regression: { label: "regression", icon: "▼", color: "vermillion" },
  improvement: { label: "improvement", icon: "▲", color: "green" },
  "no-change": { label: "within noise", icon: "=", color: "grey" },
  "small-sample": { label: `small sample (n < ${SMALL_SAMPLE})`, icon: "?", color: "orange" },
  missing: { label: "not in both runs", icon: "—", color: "grey" },
};

function Row({ m }: { m: Comparison["models"][number] }) {
  return (
    <>
      {m.changes.map((c, i) => (
        <tr key={c.key} aria-label={`${m.modelId} ${LABELS[c.key] ?? c.key}`} className={i === 0 ? "border-t-2 border-zinc-300 dark:border-zinc-700" : "border-t border-zinc-100 dark:border-zinc-900"}>
          {i === 0 ? (
            <th scope="rowgroup" rowSpan={m.changes.length} className="px-2 py-1 text-left align-top font-mono font-medium">
              {m.modelId}
            </th>
          ) : null}
          <th scope="row" className="px-2 py-1 text-left font-normal">
            {LABELS[c.key]}
          </th>
          <td className="px-2 py-1 tabular-nums">{c.before ? rateText(c.before) : "—"}</td>
          <td className="px-2 py-1 tabular-nums">{c.after ? rateText(c.after) : "—"}</td>
          <td className="px-2 py-1 tabular-nums">{c.delta === null ? "—" : `${c.delta > 0 ? "+" : ""}${pct(c.delta)}`}</td>
          <td className="px-2 py-1" data-verdict={c.verdict}>
            <Badge look={lookFor(VERDICTS, c.verdict)} />
          </td>
        </tr>
      ))}
    </>
  );
}

/** Pilot B against pilot A (or the pinned baseline): per model, what moved beyond the noise. */
export function CompareView() {
  const [p, setP] = useQueryStates(scorecardParsers, { history: "replace" });
  const [baseline, setBaseline] = useBaseline();
  const runs = useQuery(pilotRunsQuery);
  const pilots = runs.data?.items ?? [];
  const b = p.b ?? pilots[0]?.pilotId ?? null;
  const a = p.a ?? (baseline && baseline !== b ? baseline : (pilots.find((r) => r.pilotId !== b)?.pilotId ?? null));
  const query = useQuery({ ...comparisonQuery(a ?? "", b ?? "", p.model), enabled: a !== null && b !== null });
  const q = new URLSearchParams({ view: "compare", a: a ?? "", b: b ?? "" });
  if (p.model) q.set("model", p.model);
  const select = (label: string, value: string | null, set: (v: string) => void) => (
    <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
      {label}
      <select aria-label={label} className={`${field} min-w-48`} value={value ?? ""} onChange={(e) => set(e.target.value)}>
        {pilots.map((r) => (
          <option key={r.pilotId} value={r.pilotId}>
            {r.pilotId}
            {r.pilotId === baseline ? " (baseline)" : ""} · {r.replies} replies
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div>
      <form aria-label="Runs to compare" className="mb-4 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        {select("Run A (before)", a, (v) => void setP({ a: v }))}
        {select("Run B (after)", b, (v) => void setP({ b: v }))}
        <button type="button" className={button} disabled={a === null} onClick={() => setBaseline(a === baseline ? null : a)}>
          {a !== null && a === baseline ? "Unpin baseline" : "Pin A as baseline"}
        </button>
        <span className="ml-auto text-xs text-zinc-500">Export</span>
        <a className={button} href={`/api/scorecards/export?${q}&format=csv`} download>
          CSV
        </a>
        <a className={button} href={`/api/scorecards/export?${q}&format=json`} download>
          JSON
        </a>
      </form>
      {pilots.length < 2 && !runs.isPending ? (
        <Notice tone="info" title="Two pilot runs are needed to compare">
          Only {pilots.length} run has sent replies so far.
        </Notice>
      ) : query.isPending ? (
        <p role="status">Comparing…</p>
      ) : !query.data ? (
        <Notice tone="error" title="Could not compare">{query.error?.message}</Notice>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">Run B against run A, per model</caption>
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="px-2 py-2 font-medium">Model</th>
              <th className="px-2 font-medium">Figure</th>
              <th className="px-2 font-medium">A: {a}</th>
              <th className="px-2 font-medium">B: {b}</th>
              <th className="px-2 font-medium">Δ</th>
              <th className="px-2 font-medium">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {query.data.models.map((m) => (
              <Row key={m.modelId} m={m} />
            ))}
          </tbody>
        </table>
      )}
      <p className="mt-3 text-xs text-zinc-500">
        A change is flagged only when both runs have at least {SMALL_SAMPLE} replies from the model and the two 95% Wilson intervals do not overlap.
      </p>
    </div>
  );
}
