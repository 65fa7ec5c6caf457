"use client";

import { useQuery } from "@tanstack/react-query";
import { skillLiteTaskQuery } from "@/lib/queries/scorecards";
import { Section } from "../ui/facts";
import { JsonBlock } from "../ui/json-block";
import { Notice } from "../ui/notice";

/** A SkillLite task and its result, exactly as the agents sent them (big integers included). */
export function SkillLiteTaskView({ id }: { id: string }) {
  const { data, error, isPending } = useQuery(skillLiteTaskQuery(id));
  if (isPending) return <p role="status">Loading the task…</p>;
  if (!data) return <Notice tone={error?.message.includes("not found") ? "warn" : "error"} title={`Task ${id}`}>{error?.message}</Notice>;
  return (
    <div className="flex max-w-5xl flex-col gap-6">
      <Section title="NodeTask">{data.taskRaw ? <JsonBlock value={data.taskRaw} label="NodeTask" filename={`task-${id}.json`} /> : <p className="text-sm text-zinc-500">The task itself has not arrived.</p>}</Section>
      <Section title="NodeResult">{data.resultRaw ? <JsonBlock value={data.resultRaw} label="NodeResult" filename={`result-${id}.json`} /> : <p className="text-sm text-zinc-500">No result yet.</p>}</Section>
    </div>
  );
}
