"use client";

import { useQuery } from "@tanstack/react-query";
import { skillLiteTaskQuery } from "@/lib/queries/scorecards";
import { Notice } from "../ui/notice";
import { SkillLiteTaskDetail } from "./skilllite-task-detail";

/** A SkillLite task and its result, as the agents sent them (big integers included). */
export function SkillLiteTaskView({ id }: { id: string }) {
  const { data, error, isPending } = useQuery(skillLiteTaskQuery(id));
  if (isPending) return <p role="status">Loading the task…</p>;
  if (!data) return <Notice tone={error?.message.includes("not found") ? "warn" : "error"} title={`Task ${id}`}>{error?.message}</Notice>;
  return <SkillLiteTaskDetail data={data} />;
}
