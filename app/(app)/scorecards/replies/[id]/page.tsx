import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { ReplyView } from "@/components/scorecards/reply-view";
import { PageHeader } from "@/components/ui/page-header";
import { makeQueryClient } from "@/lib/queries/query-client";
import { prefetchReply } from "@/lib/api/prefetch-scorecards";
import { requirePageUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reply" };

export default async function ReplyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageUser("viewer", `/scorecards/replies/${id}`);
  const queryClient = makeQueryClient();
  await prefetchReply(queryClient, id);
  return (
    <>
      <PageHeader title="Reply" description="One coder turn: its shape, metrics, content rendered by shape, and the diff it produced." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ReplyView id={id} />
      </HydrationBoundary>
    </>
  );
}
