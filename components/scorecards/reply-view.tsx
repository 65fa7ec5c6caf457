"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { parseLossless } from "@/lib/protocol/json";
import { taskReplySchema } from "@/lib/protocol/newt";
import { nsToMillis } from "@/lib/protocol/primitives";
import { replyQuery } from "@/lib/queries/scorecards";
import { Facts, Section } from "../ui/facts";
import { Notice } from "../ui/notice";
import { Time } from "../ui/time-zone";
import { costText, ms } from "./format-rate";
import { PlainText } from "./plain-text";
import { WholeFilesView } from "./whole-files-view";

// react-diff-view and its styles load when a reply has a diff to show, not with every reply page.
const DiffView = dynamic(() => import("./diff-view").then((m) => m.DiffView), {
  ssr: false,
  loading: () => <p role="status" className="text-sm text-zinc-500">Loading the diff…</p>,
});

/** One TaskReply: who, what shape, how it ended, and its content rendered by shape. */
export function ReplyView({ id }: { id: string }) {
  const { data, error, isPending } = useQuery(replyQuery(id));
  if (isPending) return <p role="status">Loading the reply…</p>;
  if (!data) return <Notice tone={error?.message.includes("not found") ? "warn" : "error"} title={`Reply ${id}`}>{error?.message}</Notice>;
  const parsed = taskReplySchema.safeParse(parseLossless(data.raw));
  if (!parsed.success) return <Notice tone="error" title="This reply no longer parses">{parsed.error.issues[0]?.message}</Notice>;
  const r = parsed.data;
  const shape = r.emission_shape ?? null;
  return (
    <div className="flex max-w-6xl flex-col gap-6">
      <Section title="Reply">
        <Facts
          items={[
            ["Pilot run", <Link key="p" className="underline" href={`/scorecards?pilot=${encodeURIComponent(data.pilotId)}`}>{data.pilotId}</Link>],
            ["Task", <span key="t" className="font-mono">{data.taskId}</span>],
            ["Model", <span key="m" className="font-mono">{data.modelId}</span>],
            ["Emission shape", shape ?? "missing"],
            ["Applied", data.applied ? "✓ applied" : "✕ not applied"],
            ["Disqualified", data.emptyDiff ? "⊘ empty diff: disqualified before review" : "no"],
            ["End reason", data.endReason ?? "missing"],
            ["Elapsed", ms(data.elapsedMs)],
            ["Tokens in / out", `${data.inputTokens ?? "—"} / ${data.outputTokens ?? "—"}`],
            ["Cost", costText(data.costUsd)],
            ["Hallucinations", String(data.hallucinations)],
            ["Endpoint", data.endpoint ?? "—"],
            ["Received", data.publishedNs ? <Time key="r" ms={nsToMillis(BigInt(data.publishedNs))} /> : "—"],
            ["Stream", `${data.stream} #${data.seq}`],
          ]}
        />
      </Section>
      <Section title={`Content (${shape ?? "no emission shape"})`}>
        {shape === "whole_files" ? (
          <WholeFilesView content={r.content} />
        ) : shape === "unified_diff" ? (
          <DiffView text={r.content} label="The reply's diff" />
        ) : (
          <PlainText text={r.content} label="Reply content" />
        )}
      </Section>
      <Section title="Diff produced">
        {r.diff === "" ? <p className="text-sm text-zinc-500">No diff was produced (empty_diff).</p> : <DiffView text={r.diff} label="The produced diff" />}
      </Section>
      {r.raw_emission ? (
        <Section title="Raw emission">
          <PlainText text={r.raw_emission} label="Raw emission" />
        </Section>
      ) : null}
    </div>
  );
}
