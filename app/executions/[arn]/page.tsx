import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { executionQueryOptions } from "@/lib/api-client/execution-queries";
import { earlyFetchScript } from "@/lib/execution-view/early-fetch";
import { opensOnGraphOrTimeline } from "@/lib/execution-view/opens-on-graph-or-timeline";
import { executionDefinitionUrl, executionViewUrl } from "@/lib/execution-view/view-query-options";
import { getExecutionDefinition } from "@/lib/queries/get-execution-definition";
import { getExecutionDetail } from "@/lib/queries/get-execution-detail";
import { getDb } from "@/lib/db/client";
import { ExecutionPageClient } from "./page-client";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ arn: string }> }) {
  const arn = decodeURIComponent((await params).arn);
  return { title: arn.split(":").pop() ?? "Execution" };
}

export default async function ExecutionPage({ params, searchParams }: { params: Promise<{ arn: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  const arn = decodeURIComponent((await params).arn);
  const tab = (await searchParams).tab;
  const db = (await getDb()).prisma;
  const detail = await getExecutionDetail(db, arn);
  if (!detail) notFound();
  // The Graph and Timeline need every state run (megabytes on a 25,000-event history): an
  // inline script asks for them while the scripts load rather than after hydration, and they
  // stay out of the HTML (serializing them into the page costs more than it saves).
  const early: string[] = [];
  if (tab === "graph" || tab === "timeline" || (tab === undefined && opensOnGraphOrTimeline(detail))) {
    early.push(executionViewUrl(arn));
    if (tab !== "timeline" && detail.hasDefinition) {
      early.push(executionDefinitionUrl(arn));
      // Start laying the graph out (cached per definition) while the HTML and scripts travel.
      void getExecutionDefinition(db, arn).catch(() => {});
    }
  }
  const queryClient = new QueryClient();
  queryClient.setQueryData(executionQueryOptions(arn).queryKey, detail);
  return (
    <>
      {early.length ? <script dangerouslySetInnerHTML={{ __html: earlyFetchScript(early) }} /> : null}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ExecutionPageClient executionArn={arn} />
      </HydrationBoundary>
    </>
  );
}
