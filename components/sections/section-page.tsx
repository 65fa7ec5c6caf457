import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { prefetchHealth } from "@/lib/api/prefetch-health";
import { makeQueryClient } from "@/lib/queries/query-client";
import { Notice } from "../ui/notice";
import { PageHeader } from "../ui/page-header";
import { StreamSummary } from "./stream-summary";

/**
 * A view whose browsing UI is not built yet: it says so plainly and shows, live, the
 * streams that will feed it, so an operator can already see traffic arriving.
 */
export async function SectionPage(props: {
  title: string;
  description: string;
  streams: readonly string[];
  pending: ReactNode;
}) {
  const queryClient = makeQueryClient();
  await prefetchHealth(queryClient);
  return (
    <>
      <PageHeader title={props.title} description={props.description} />
      <div className="flex flex-col gap-6">
        <Notice tone="info" title="Not browsable yet">{props.pending}</Notice>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <StreamSummary streams={props.streams} />
        </HydrationBoundary>
      </div>
    </>
  );
}
