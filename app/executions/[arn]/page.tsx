import { defaultShouldDehydrateQuery, dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { executionQueryOptions } from "@/lib/api-client/execution-queries";
import { earlyFetchScript } from "@/lib/execution-view/early-fetch";
import { opensOnGraphOrTimeline } from "@/lib/execution-view/opens-on-graph-or-timeline";
import { iterationsOfScope } from "@/lib/execution-view/node-id-of-run";
import {
  executionDefinitionQueryOptions,
  executionOverlayQueryOptions,
  executionViewUrl,
} from "@/lib/execution-view/view-query-options";
import { getExecutionDefinition } from "@/lib/queries/get-execution-definition";
import { getExecutionDetail } from "@/lib/queries/get-execution-detail";
import { getExecutionOverlay } from "@/lib/queries/get-execution-overlay";
import { orNotFound } from "@/lib/api/or-not-found";
import { readDb } from "@/lib/api/read-your-writes";
import { ExecutionPageClient } from "./page-client";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { cachedRead } from "@/lib/queries/cached-read";
import { executionTraceUrl } from "@/lib/traces/trace-url";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ arn: string }> }) {
  const arn = decodeURIComponent((await params).arn);
  return { title: arn.split(":").pop() ?? "Execution" };
}

export default async function ExecutionPage({
  params,
  searchParams,
}: {
  params: Promise<{ arn: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
}) {
  await requirePageRole("viewer");
  const arn = decodeURIComponent((await params).arn);
  const tab = (await searchParams).tab;
  const database = await readDb();
  const db = database.prisma;
  const detail = await cachedRead(database, ["execution-detail", arn], () => getExecutionDetail(db, arn));
  if (!detail) notFound();
  const queryClient = new QueryClient();
  queryClient.setQueryData(executionQueryOptions(arn).queryKey, detail);
  // The Graph comes with its definition and layout (9 KB, the layout cached per definition) in
  // the page, and its overlay (a few KB, for the root cause's Map iterations) streamed after it
  // in the same response without holding the HTML back: the graph is drawn as the page
  // hydrates. The Timeline needs every state run (megabytes on a 25,000-event history): an
  // inline script asks for them while the scripts load rather than after hydration, and they
  // stay out of the HTML (serializing them into the page costs more than it saves).
  const early: string[] = [];
  if (tab === "graph" || tab === "timeline" || (tab === undefined && opensOnGraphOrTimeline(detail))) {
    if (tab !== "timeline" && detail.hasDefinition) {
      const iterations = iterationsOfScope(detail.rootCause?.scope ?? []);
      void queryClient.prefetchQuery({
        queryKey: executionOverlayQueryOptions(arn, iterations).queryKey,
        queryFn: async () =>
          orNotFound(
            await cachedRead(database, ["execution-overlay", arn, iterations], () =>
              getExecutionOverlay(db, arn, iterations),
            ),
            `Execution ${arn}`,
          ),
      });
      const definition = await cachedRead(database, ["execution-definition", arn], () =>
        getExecutionDefinition(db, arn),
      );
      if (definition) queryClient.setQueryData(executionDefinitionQueryOptions(arn).queryKey, definition);
    } else early.push(executionViewUrl(arn));
  }
  return (
    <>
      {early.length ? <script dangerouslySetInnerHTML={{ __html: earlyFetchScript(early) }} /> : null}
      <HydrationBoundary
        state={dehydrate(queryClient, {
          shouldDehydrateQuery: (q) => defaultShouldDehydrateQuery(q) || q.state.status === "pending",
        })}
      >
        <ExecutionPageClient executionArn={arn} traceUrl={executionTraceUrl(detail)} />
      </HydrationBoundary>
    </>
  );
}
