"use client";

import { useQuery } from "@tanstack/react-query";
import { benchmarksQuery } from "@/lib/queries/scorecards";
import { Notice } from "../ui/notice";
import { Time } from "../ui/time-zone";
import { ms } from "./format-rate";
import { useRefetchOnStream } from "../live/use-refetch-on-stream";

function Kinds({ kinds }: { kinds: Record<string, number> }) {
  const entries = Object.entries(kinds).sort((a, b) => b[1] - a[1]);
  return <span className="text-xs">{entries.length === 0 ? "—" : entries.map(([k, n]) => `${k} ${n}`).join(" · ")}</span>;
}

/** Smith benchmark runs: start and stop, steps, tool calls by exit kind, failures. */
export function BenchmarksSection() {
  const { data, error, isPending } = useQuery(benchmarksQuery);
  useRefetchOnStream({ subject: "smith.benchmark.>", seq: data?.seq, queryKey: benchmarksQuery.queryKey });
  if (isPending) return <p role="status">Loading benchmark runs…</p>;
  if (!data) return <Notice tone="error" title="Could not load benchmark runs">{error?.message}</Notice>;
  if (data.runs.length === 0) return <Notice tone="info" title="No benchmark run yet">Runs appear when Smith publishes BenchmarkEvents on smith.benchmark.&gt;.</Notice>;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        Tool calls by exit kind, over these {data.runs.length} runs: <Kinds kinds={data.exitKinds} />
      </p>
      <table className="w-full text-sm">
        <caption className="sr-only">Benchmark runs</caption>
        <thead className="text-left text-xs uppercase text-zinc-500">
          <tr>
            <th className="py-1 font-medium">Run</th>
            <th className="font-medium">Task · policy</th>
            <th className="font-medium">Started</th>
            <th className="font-medium">Duration</th>
            <th className="text-right font-medium">Steps</th>
            <th className="text-right font-medium">Tool calls</th>
            <th className="font-medium">Exit kinds</th>
            <th className="font-medium">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {data.runs.map((r) => (
            <tr key={r.runId} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1 font-mono text-xs" title={r.runId}>
                {r.kind}/{r.runId.slice(0, 8)}
              </td>
              <td className="text-xs">
                {r.taskId} · {r.policyId}
              </td>
              <td className="text-xs">{r.startedMs === null ? "—" : <Time ms={r.startedMs} withMillis={false} />}</td>
              <td className="tabular-nums">{r.startedMs !== null && r.stoppedMs !== null ? ms(r.stoppedMs - r.startedMs) : r.stoppedMs === null ? "running" : "—"}</td>
              <td className="text-right tabular-nums">{r.steps}</td>
              <td className="text-right tabular-nums">{r.toolCalls}</td>
              <td>
                <Kinds kinds={r.exitKinds} />
              </td>
              <td className="text-xs">{r.failures > 0 ? `✕ failed (${r.failureRoot ?? "unknown root"})` : r.stoppedMs !== null ? "✓ no failure" : "…"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
