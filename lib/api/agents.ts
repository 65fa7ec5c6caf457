import "server-only";
import { z } from "zod";
import { idParam, limitParam } from "./params";
import { guarded, json, notFound, parseParams, storeOf, type StoreSource } from "./respond";

/** `GET /api/agents/skilllite` */
export function handleSkillLite(store: StoreSource): Response {
  return guarded(() => json(storeOf(store).skillLiteSummary()));
}

/** `GET /api/agents/skilllite/tasks/[id]` */
export function handleSkillLiteTask(store: StoreSource, id: string): Response {
  const p = parseParams(z.object({ id: idParam }), { id });
  if (!p.ok) return p.response;
  return guarded(() => {
    const task = storeOf(store).skillLiteTask(p.value.id);
    return task ? json(task) : notFound(`SkillLite task ${p.value.id}`);
  });
}

/** `GET /api/policies?limit=`: the policy change log, newest first. */
export function handlePolicyChanges(store: StoreSource, url: URL): Response {
  const p = parseParams(z.object({ limit: limitParam }), url);
  if (!p.ok) return p.response;
  return guarded(() => json(storeOf(store).policyChanges(p.value.limit)));
}

/** `GET /api/agents/benchmarks?limit=` */
export function handleBenchmarks(store: StoreSource, url: URL): Response {
  const p = parseParams(z.object({ limit: limitParam }), url);
  if (!p.ok) return p.response;
  return guarded(() => json(storeOf(store).benchmarkRuns(p.value.limit)));
}
