"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { skillLiteQuery } from "@/lib/queries/scorecards";
import { Badge, type BadgeLook } from "../ui/badge";
import { Notice } from "../ui/notice";
import { lookFor } from "../ui/status-looks";
import { useRefetchOnStream } from "../live/use-refetch-on-stream";

export const COMPLETION_LOOKS: Record<string, BadgeLook> = {
  completed: { label: "completed", icon: "✓", color: "green" },
  partial: { label: "partial", icon: "◐", color: "orange" },
  failed: { label: "failed", icon: "✕", color: "vermillion" },
  pending: { label: "no result yet", icon: "…", color: "grey" },
};

/** SkillLite agents: how tasks ended, how many tools they used, tokens, and the skills they made. */
export function SkillLiteSection() {
  const { data, error, isPending } = useQuery(skillLiteQuery);
  useRefetchOnStream({ subject: "skilllite.>", seq: data?.seq, queryKey: skillLiteQuery.queryKey });
  if (isPending) return <p role="status">Loading SkillLite tasks…</p>;
  if (!data) return <Notice tone="error" title="Could not load SkillLite tasks">{error?.message}</Notice>;
  if (data.tasks === 0)
    return <Notice tone="info" title="No SkillLite task yet">Tasks appear when agents publish NodeTasks on skilllite.tasks.&lt;id&gt; and NodeResults on skilllite.results.&lt;id&gt;.</Notice>;
  const maxBucket = Math.max(1, ...data.toolCalls.map((b) => b.results));
  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-4 md:grid-cols-3">
        <section aria-label="Tasks by completion" className="rounded border border-zinc-200 p-3 dark:border-zinc-800">
          <h3 className="mb-2 text-sm font-semibold">{data.tasks} tasks by completion</h3>
          <ul className="flex flex-col gap-1 text-sm">
            {Object.entries(data.byCompletion).map(([k, n]) => (
              <li key={k} className="flex items-center justify-between">
                <Badge look={lookFor(COMPLETION_LOOKS, k)} />
                <span className="tabular-nums">{n}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Tool calls per task" className="rounded border border-zinc-200 p-3 dark:border-zinc-800">
          <h3 className="mb-2 text-sm font-semibold">Tool calls per result</h3>
          <ul className="flex flex-col gap-1 text-xs">
            {data.toolCalls.map((b) => (
              <li key={b.bucket} className="flex items-center gap-2">
                <span className="w-10 text-right tabular-nums">{b.bucket}</span>
                <span aria-hidden className="h-2 rounded bg-sky-600" style={{ width: `${(b.results / maxBucket) * 60}%` }} />
                <span className="tabular-nums">{b.results}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Token usage" className="rounded border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <h3 className="mb-2 font-semibold">Token usage</h3>
          <p className="tabular-nums">prompt {data.tokens.prompt.toLocaleString("en")}</p>
          <p className="tabular-nums">completion {data.tokens.completion.toLocaleString("en")}</p>
          <p className="tabular-nums">total {data.tokens.total.toLocaleString("en")}</p>
          <p className="mt-1 text-xs text-zinc-500">over {data.tokens.results} results that reported llm_usage</p>
        </section>
      </div>
      <section aria-label="New skills">
        <h3 className="mb-2 text-sm font-semibold">New skills ({data.newSkills.length})</h3>
        {data.newSkills.length === 0 ? (
          <p className="text-sm text-zinc-500">No task has produced a skill yet.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-1 font-medium">Skill</th>
                <th className="font-medium">Description</th>
                <th className="font-medium">Path</th>
                <th className="font-medium">Txn</th>
                <th className="font-medium">Task</th>
              </tr>
            </thead>
            <tbody>
              {data.newSkills.map((s) => (
                <tr key={`${s.taskId}-${s.txnId}`} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-1 font-medium">{s.name}</td>
                  <td>{s.description}</td>
                  <td className="font-mono text-xs">{s.path}</td>
                  <td className="font-mono text-xs">{s.txnId}</td>
                  <td>
                    <Link prefetch={false} className="font-mono text-xs underline" href={`/scorecards/agents/tasks/${encodeURIComponent(s.taskId)}`}>
                      {s.taskId.slice(0, 12)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Recent SkillLite tasks">
        <h3 className="mb-2 text-sm font-semibold">Recent tasks</h3>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="py-1 font-medium">Task</th>
              <th className="font-medium">Completion</th>
              <th className="text-right font-medium">Tool calls</th>
              <th className="text-right font-medium">Tokens</th>
            </tr>
          </thead>
          <tbody>
            {data.recentTasks.map((t) => (
              <tr key={t.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1">
                  <Link prefetch={false} className="underline-offset-2 hover:underline" href={`/scorecards/agents/tasks/${encodeURIComponent(t.id)}`}>
                    {t.description}
                  </Link>
                  <div className="font-mono text-xs text-zinc-500">{t.workspace}</div>
                </td>
                <td>
                  <Badge look={lookFor(COMPLETION_LOOKS, t.completion)} />
                </td>
                <td className="text-right tabular-nums">{t.toolCalls ?? "—"}</td>
                <td className="text-right tabular-nums">{t.totalTokens?.toLocaleString("en") ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
