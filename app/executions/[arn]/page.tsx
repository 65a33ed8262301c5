import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { executionQueryOptions } from "@/lib/api-client/execution-queries";
import { earlyFetchScript } from "@/lib/execution-view/early-fetch";
import { opensOnGraphOrTimeline } from "@/lib/execution-view/opens-on-graph-or-timeline";
import { iterationsOfScope } from "@/lib/execution-view/node-id-of-run";
import { executionDefinitionQueryOptions, executionOverlayUrl, executionViewUrl } from "@/lib/execution-view/view-query-options";
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
  const queryClient = new QueryClient();
  queryClient.setQueryData(executionQueryOptions(arn).queryKey, detail);
  // The Graph comes with its definition and layout (9 KB, the layout cached per definition) in
  // the page, so it is laid out as the page hydrates; an inline script asks for its overlay (a
  // few KB, for the root cause's Map iterations) while the scripts load rather than after
  // hydration, without holding the HTML back while the server computes it. The Timeline needs
  // every state run (megabytes on a 25,000-event history): the inline script asks for them, and
  // they stay out of the HTML (serializing them into the page costs more than it saves).
  const early: string[] = [];
  if (tab === "graph" || tab === "timeline" || (tab === undefined && opensOnGraphOrTimeline(detail))) {
    if (tab !== "timeline" && detail.hasDefinition) {
      early.push(executionOverlayUrl(arn, iterationsOfScope(detail.rootCause?.scope ?? [])));
      const definition = await getExecutionDefinition(db, arn);
      if (definition) queryClient.setQueryData(executionDefinitionQueryOptions(arn).queryKey, definition);
    } else early.push(executionViewUrl(arn));
  }
  return (
    <>
      {early.length ? <script dangerouslySetInnerHTML={{ __html: earlyFetchScript(early) }} /> : null}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ExecutionPageClient executionArn={arn} />
      </HydrationBoundary>
    </>
  );
}
