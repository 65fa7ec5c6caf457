import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";
import { modelScorecardSchema, modelScorecardsSchema, replyDetailSchema, replyListSchema } from "@/lib/contract/replies";
import { scopeSearch, type ScoreScope } from "./scorecard-params";
import { scorecardListSchema } from "@/lib/contract/scorecards";
import { streamSeqsSchema } from "@/lib/contract/list";
import { benchmarkRunsSchema, skillLiteSummarySchema, skillLiteTaskSchema } from "@/lib/contract/agents";

const rate = modelScorecardSchema.shape.applied;

export const comparisonSchema = z.object({
  a: z.string(),
  b: z.string(),
  models: z.array(
    z.object({
      modelId: z.string(),
      before: modelScorecardSchema.nullable(),
      after: modelScorecardSchema.nullable(),
      changes: z.array(
        z.object({
          key: z.enum(["structured", "prose", "disqualified", "applied"]),
          before: rate.nullable(),
          after: rate.nullable(),
          delta: z.number().nullable(),
          verdict: z.enum(["regression", "improvement", "no-change", "small-sample", "missing"]),
        }),
      ),
    }),
  ),
  seq: streamSeqsSchema,
});
export type Comparison = z.infer<typeof comparisonSchema>;

const pointSchema = z.object({
  startMs: z.number(),
  replies: z.number().int(),
  structured: rate,
  prose: rate,
  disqualified: rate,
  applied: rate,
  drift: z.boolean(),
});
export const trendsSchema = z.object({
  bucket: z.string(),
  auto: z.boolean(),
  fromMs: z.number(),
  toMs: z.number(),
  models: z.array(z.object({ modelId: z.string(), points: z.array(pointSchema) })),
  seq: streamSeqsSchema,
});
export type Trends = z.infer<typeof trendsSchema>;

/** Pilot runs, newest first (the scope picker and the compare selects). */
export const pilotRunsQuery = queryOptions({
  queryKey: ["pilot-runs"] as const,
  queryFn: () => fetchJson("/api/scorecards?limit=200", scorecardListSchema),
});

export function modelScorecardsQuery(scope: ScoreScope) {
  return queryOptions({
    queryKey: ["scorecards", scope] as const,
    queryFn: () => fetchJson(`/api/scorecards/models?${scopeSearch(scope, Date.now())}`, modelScorecardsSchema),
  });
}

export function comparisonQuery(a: string, b: string, model: string | null) {
  const q = new URLSearchParams({ a, b });
  if (model) q.set("model", model);
  return queryOptions({
    queryKey: ["scorecard-compare", a, b, model] as const,
    queryFn: () => fetchJson(`/api/scorecards/compare?${q}`, comparisonSchema),
  });
}

export function trendsQuery(scope: ScoreScope, bucket: string | null) {
  return queryOptions({
    queryKey: ["scorecard-trends", scope, bucket] as const,
    queryFn: () => {
      const q = scopeSearch(scope, Date.now());
      if (bucket) q.set("bucket", bucket);
      return fetchJson(`/api/scorecards/trends?${q}`, trendsSchema);
    },
  });
}

/** The replies behind a scorecard cell: the scope plus one condition. */
export function repliesQuery(search: string) {
  return infiniteQueryOptions({
    queryKey: ["scorecard-replies", search] as const,
    queryFn: ({ pageParam }) => fetchJson(`/api/scorecards/replies?${search}${pageParam ? `&cursor=${pageParam}` : ""}`, replyListSchema),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function replyQuery(id: string) {
  return queryOptions({
    queryKey: ["scorecard-reply", id] as const,
    queryFn: () => fetchJson(`/api/scorecards/replies/${encodeURIComponent(id)}`, replyDetailSchema),
    staleTime: Infinity,
  });
}

export const skillLiteQuery = queryOptions({
  queryKey: ["agents-skilllite"] as const,
  queryFn: () => fetchJson("/api/agents/skilllite", skillLiteSummarySchema),
});

export const benchmarksQuery = queryOptions({
  queryKey: ["agents-benchmarks"] as const,
  queryFn: () => fetchJson("/api/agents/benchmarks?limit=200", benchmarkRunsSchema),
});

export function skillLiteTaskQuery(id: string) {
  return queryOptions({
    queryKey: ["agents-skilllite-task", id] as const,
    queryFn: () => fetchJson(`/api/agents/skilllite/tasks/${encodeURIComponent(id)}`, skillLiteTaskSchema),
  });
}
