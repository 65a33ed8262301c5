import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { executionQueryOptions } from "@/lib/api-client/execution-queries";
import { getExecutionDetail } from "@/lib/queries/get-execution-detail";
import { getDb } from "@/lib/db/client";
import { ExecutionPageClient } from "./page-client";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ arn: string }> }) {
  const arn = decodeURIComponent((await params).arn);
  return { title: arn.split(":").pop() ?? "Execution" };
}

export default async function ExecutionPage({ params }: { params: Promise<{ arn: string }> }) {
  const arn = decodeURIComponent((await params).arn);
  const detail = await getExecutionDetail((await getDb()).prisma, arn);
  if (!detail) notFound();
  const queryClient = new QueryClient();
  queryClient.setQueryData(executionQueryOptions(arn).queryKey, detail);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ExecutionPageClient executionArn={arn} />
    </HydrationBoundary>
  );
}
