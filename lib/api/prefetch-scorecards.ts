import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { handleScorecards } from "./scorecards";
import { handleModelScorecards, handleReply } from "./scorecard-views";
import { getStore } from "@/lib/store/server-store";
import { modelScorecardsSchema, replyDetailSchema } from "@/lib/contract/replies";
import { scopeSearch, type ScoreScope } from "@/lib/queries/scorecard-params";
import { modelScorecardsQuery, pilotRunsQuery, replyQuery } from "@/lib/queries/scorecards";
import { scorecardListSchema } from "@/lib/contract/scorecards";

async function answer<T>(res: Response, parse: (body: unknown) => T): Promise<T> {
  if (!res.ok) throw new Error(`${res.status}`);
  return parse(await res.json());
}

/** The scorecards of a scope and the pilot runs, through the API routes' own handlers. */
export async function prefetchScorecards(queryClient: QueryClient, scope: ScoreScope): Promise<void> {
  await Promise.all([
    queryClient.prefetchQuery({
      ...modelScorecardsQuery(scope),
      queryFn: () =>
        answer(handleModelScorecards(getStore(), new URL(`http://pilot.internal/api/scorecards/models?${scopeSearch(scope, Date.now())}`)), (b) =>
          modelScorecardsSchema.parse(b),
        ),
    }),
    queryClient.prefetchQuery({
      ...pilotRunsQuery,
      queryFn: () => answer(handleScorecards(getStore(), new URL("http://pilot.internal/api/scorecards?limit=200")), (b) => scorecardListSchema.parse(b)),
    }),
  ]);
}

/** One reply; a 404 leaves the cache empty (the page says so). */
export function prefetchReply(queryClient: QueryClient, id: string): Promise<void> {
  return queryClient.prefetchQuery({
    ...replyQuery(id),
    queryFn: () => answer(handleReply(getStore(), id), (b) => replyDetailSchema.parse(b)),
  });
}
