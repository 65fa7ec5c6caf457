"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { nsToMillis } from "@/lib/protocol/primitives";
import { repliesQuery } from "@/lib/queries/scorecards";
import { Notice } from "../ui/notice";
import { Time } from "../ui/time-zone";
import { costText, ms } from "./format-rate";

const CONDITIONS: Record<string, string> = {
  pilot: "pilot run",
  model: "model",
  shape: "emission shape",
  structured: "structured emission",
  applied: "applied",
  empty: "disqualified (empty diff)",
  end: "end reason",
  from: "from",
  to: "to",
};

/** The replies behind a scorecard cell, newest first. */
export function RepliesView() {
  const params = useSearchParams();
  const search = new URLSearchParams([...params].filter(([k]) => k in CONDITIONS)).toString();
  const query = useInfiniteQuery(repliesQuery(search));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        {[...params].filter(([k]) => k in CONDITIONS).map(([k, v]) => `${CONDITIONS[k]}: ${k === "from" || k === "to" ? new Date(Number(v)).toISOString() : v}`).join(" · ") || "every reply"}
      </p>
      {query.isPending ? (
        <p role="status">Loading the replies…</p>
      ) : query.error && rows.length === 0 ? (
        <Notice tone="error" title="Could not load the replies">
          {query.error.message}
        </Notice>
      ) : rows.length === 0 ? (
        <Notice tone="info" title="No reply matches" />
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">Replies</caption>
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="py-2 font-medium">Time</th>
              <th className="font-medium">Task</th>
              <th className="font-medium">Model</th>
              <th className="font-medium">Shape</th>
              <th className="font-medium">Applied</th>
              <th className="font-medium">Disqualified</th>
              <th className="font-medium">End</th>
              <th className="text-right font-medium">Elapsed</th>
              <th className="text-right font-medium">Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1.5 text-xs">{r.publishedNs ? <Time ms={nsToMillis(BigInt(r.publishedNs))} /> : "—"}</td>
                <td>
                  <Link prefetch={false} className="font-mono text-xs underline-offset-2 hover:underline" href={`/scorecards/replies/${r.id}`} aria-label={`Reply to task ${r.taskId} by ${r.modelId}`}>
                    {r.pilotId}/{r.taskId}
                  </Link>
                </td>
                <td className="font-mono text-xs">{r.modelId}</td>
                <td>{r.shape ?? "missing"}</td>
                <td>{r.applied ? "✓ applied" : "✕ not applied"}</td>
                <td>{r.emptyDiff ? "⊘ empty diff" : "—"}</td>
                <td className="text-xs">{r.endReason ?? "missing"}</td>
                <td className="text-right tabular-nums">{ms(r.elapsedMs)}</td>
                <td className="text-right tabular-nums">{costText(r.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage ? (
        <button type="button" className="mt-3 rounded-md border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? "Loading…" : "Load more replies"}
        </button>
      ) : null}
    </div>
  );
}
