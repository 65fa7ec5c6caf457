"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { RuleView } from "@/lib/contract/alerts";
import { alertsQuery } from "@/lib/queries/alerts";
import { Notice } from "../ui/notice";
import { FiringsList } from "./firings-list";
import { RuleForm } from "./rule-form";
import { button, send } from "./send";

function describe(r: RuleView): string {
  const w = r.windowMs ? ` in ${r.windowMs / 1000} s` : "";
  switch (r.kind) {
    case "audit-count":
      return `≥ ${r.threshold} events matching ${r.query}${w}`;
    case "integrity":
      return `any integrity alarm${w}`;
    case "scorecard-regression":
      return "a regression between the last two pilot runs";
    case "ingest-stalled":
      return `ingest stalled for${w}`;
  }
}

/** The Rules page: rules (create, edit, mute, delete) and firings with their delivery log and acknowledgements. */
export function AlertsView() {
  const { data, error, isPending, dataUpdatedAt } = useQuery(alertsQuery);
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const run = async (url: string, method: string, body?: unknown) => {
    const r = await send(url, method, body);
    setProblem(r.ok ? null : (r.error ?? "not changed"));
    await queryClient.invalidateQueries({ queryKey: alertsQuery.queryKey });
    return r.ok;
  };
  if (isPending) return <p role="status">Loading rules…</p>;
  if (!data) return <Notice tone="error" title="Could not load the alert rules">{error?.message}</Notice>;
  return (
    <div className="flex flex-col gap-6">
      {error ? (
        // A refresh that failed (the alert store unreachable: a 503 that says so) keeps the last answer on screen, marked as such.
        <Notice tone="warn" title={`Not current: showing the rules and firings as loaded at ${new Date(dataUpdatedAt).toLocaleTimeString()}`}>
          {error.message}
        </Notice>
      ) : null}
      {problem ? <Notice tone="error" title="Not changed">{problem}</Notice> : null}
      <section aria-labelledby="rules-heading" className="flex flex-col gap-3">
        <h2 id="rules-heading" className="text-lg font-semibold">
          Rules
        </h2>
        {data.rules.length === 0 ? <p className="text-sm text-zinc-500">No rules yet.</p> : null}
        <ul aria-label="Rules" className="flex flex-col gap-2">
          {data.rules.map((r) => (
            <li key={r.id} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
              {editing === r.id ? (
                <RuleForm
                  rule={r}
                  canSetWebhooks={data.canSetWebhooks}
                  onCancel={() => setEditing(null)}
                  onSubmit={async (body) => {
                    const ok = await run(`/api/alerts/rules/${r.id}`, "PATCH", body);
                    if (ok) setEditing(null);
                    return ok;
                  }}
                />
              ) : (
                <div className="flex flex-wrap items-center gap-3">
                  <strong>{r.name}</strong>
                  {r.muted ? <span className="rounded bg-zinc-200 px-1.5 text-xs dark:bg-zinc-700">muted</span> : null}
                  <span className="font-mono text-xs">{describe(r)}</span>
                  <span className="text-xs text-zinc-500">
                    {r.webhook ? `→ ${r.webhook.url} (${r.webhook.format}, secret ${r.webhook.secret})` : "no webhook"} · by {r.updatedBy}
                  </span>
                  <span className="ml-auto flex gap-2">
                    <button type="button" className={button} onClick={() => void run(`/api/alerts/rules/${r.id}`, "PATCH", { muted: !r.muted })}>
                      {r.muted ? `Unmute ${r.name}` : `Mute ${r.name}`}
                    </button>
                    <button type="button" className={button} onClick={() => setEditing(r.id)}>
                      Edit {r.name}
                    </button>
                    <button type="button" className={button} onClick={() => void run(`/api/alerts/rules/${r.id}`, "DELETE")}>
                      Delete {r.name}
                    </button>
                  </span>
                </div>
              )}
            </li>
          ))}
        </ul>
        <RuleForm rule={null} canSetWebhooks={data.canSetWebhooks} onSubmit={(body) => run("/api/alerts/rules", "POST", body)} />
      </section>
      <section aria-labelledby="firings-heading" className="flex flex-col gap-3">
        <h2 id="firings-heading" className="text-lg font-semibold">
          Firings
        </h2>
        <FiringsList firings={data.firings} onAck={(id, comment) => run(`/api/alerts/firings/${encodeURIComponent(id)}/ack`, "POST", { comment })} />
      </section>
    </div>
  );
}
