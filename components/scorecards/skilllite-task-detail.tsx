import type { ReactNode } from "react";
import { parseLossless } from "@/lib/protocol/json";
import { wikiUpdateSuggestionSchema, type WikiUpdateSuggestion } from "@/lib/protocol/skilllite";
import type { SkillLiteEvent, SkillLiteResultFacts, SkillLiteTask } from "@/lib/contract/agents";
import { Facts, Gap, Section } from "../ui/facts";
import { JsonBlock } from "../ui/json-block";

const VIA: Record<string, string> = {
  bare: "a bare NodeResult (swarm POST /task)",
  "agent-rpc": 'the agent RPC\'s {"event":"done"} line',
  "swarm-stream": "the swarm's NDJSON stream (?stream=1)",
  swarm: "a swarm error body",
};

const count = (v: number | null) => (v === null ? "not reported" : v.toLocaleString("en"));

function readSuggestion(text: string): WikiUpdateSuggestion | null {
  try {
    const parsed = wikiUpdateSuggestionSchema.safeParse(parseLossless(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function ResultFacts({ id, r }: { id: string; r: SkillLiteResultFacts }) {
  const u = r.llmUsage;
  return (
    <Facts
      items={[
        ["Completion", r.completionType ?? (r.taskCompleted ? "completed (no completion_type)" : "not completed (no completion_type)")],
        ["Task completed", r.taskCompleted ? "yes" : "no"],
        ["Tool calls", String(r.toolCalls)],
        ["Tokens prompt / completion / total", `${count(u.promptTokens)} / ${count(u.completionTokens)} / ${count(u.totalTokens)}`],
        ["LLM responses with / without usage", `${count(u.responsesWithUsage)} / ${count(u.responsesWithoutUsage)}`],
        ["Arrived as", r.via ? (VIA[r.via] ?? r.via) : "—"],
        ...(r.payloadTaskId !== id ? [["Result's own task_id", <span key="p" className="font-mono">{r.payloadTaskId}</span>] as [string, ReactNode]] : []),
      ]}
    />
  );
}

function Suggestion({ text }: { text: string }) {
  const s = readSuggestion(text);
  if (!s) return <JsonBlock value={text} label="WikiUpdateSuggestion" filename="wiki-update-suggestion.json" />;
  return (
    <div className="flex flex-col gap-2">
      <Facts
        items={[
          ["Trigger", s.trigger.replaceAll("_", " ")],
          ["Title", s.proposed_title ?? "—"],
          ["Replans", s.replan_count === undefined ? "—" : String(s.replan_count)],
          ["Failed tool calls", s.failed_tool_count === undefined ? "—" : String(s.failed_tool_count)],
          ["Failed tools", s.failed_tools?.join(", ") || "—"],
        ]}
      />
      {s.proposed_lesson ? <p className="whitespace-pre-wrap rounded-md bg-zinc-50 p-3 text-sm dark:bg-zinc-900">{s.proposed_lesson}</p> : null}
      {s.error_summaries && s.error_summaries.length > 0 ? (
        <ul aria-label="Error summaries" className="list-disc pl-5 text-sm">
          {s.error_summaries.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Events({ events }: { events: readonly SkillLiteEvent[] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs uppercase text-zinc-500">
        <tr>
          <th scope="col">Event</th>
          <th scope="col">From</th>
          <th scope="col">Detail</th>
          <th scope="col">Stream</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={`${e.stream}:${e.seq}`} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className={e.event === "error" ? "font-medium text-red-700 dark:text-red-400" : ""}>{e.code ? `${e.event}: ${e.code}` : e.event}</td>
            <td className="text-xs">{VIA[e.via] ?? e.via}</td>
            <td className="break-all">{e.message ?? <span className="font-mono text-xs">{e.raw}</span>}</td>
            <td className="text-xs tabular-nums">{`${e.stream} #${e.seq}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A SkillLite task: its result's figures, the Repo Wiki suggestion, swarm progress and errors, and the raw messages. */
export function SkillLiteTaskDetail({ data }: { data: SkillLiteTask }) {
  const { id, result } = data;
  return (
    <div className="flex max-w-5xl flex-col gap-6">
      <Section title="Result">{result ? <ResultFacts id={id} r={result} /> : <Gap>No result yet.</Gap>}</Section>
      {result ? (
        <Section title="Repo Wiki suggestion">
          {result.wikiUpdateSuggestion ? <Suggestion text={result.wikiUpdateSuggestion} /> : <p className="text-sm text-zinc-500">None: the agent suggested no lesson.</p>}
        </Section>
      ) : null}
      {data.events.length > 0 ? (
        <Section title="Progress and errors">
          <Events events={data.events} />
        </Section>
      ) : null}
      <Section title="NodeTask">{data.taskRaw ? <JsonBlock value={data.taskRaw} label="NodeTask" filename={`task-${id}.json`} /> : <p className="text-sm text-zinc-500">The task itself has not arrived.</p>}</Section>
      <Section title="NodeResult">{data.resultRaw ? <JsonBlock value={data.resultRaw} label="NodeResult" filename={`result-${id}.json`} /> : <p className="text-sm text-zinc-500">No result yet.</p>}</Section>
    </div>
  );
}
