import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { executionsQueryOptions } from "@/lib/api-client/executions-query";
import { parseExecutionListParams } from "@/lib/queries/execution-list-params";
import { listExecutions } from "@/lib/queries/list-executions";
import { listFilterOptions } from "@/lib/queries/list-filter-options";
import { readDb } from "@/lib/api/read-your-writes";
import { ExecutionsPageClient } from "./page-client";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { cachedRead } from "@/lib/queries/cached-read";

export const metadata = { title: "Executions" };
export const dynamic = "force-dynamic";

export default async function ExecutionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole("viewer");
  const database = await readDb();
  const db = database.prisma;
  const raw = await searchParams;
  const queryClient = new QueryClient();
  const result = parseExecutionListParams(raw);
  // Prefetch on the server under the same key the client uses: the first paint has the rows.
  await queryClient.prefetchQuery({
    ...executionsQueryOptions(result),
    queryFn: () => cachedRead(database, ["executions", result], () => listExecutions(db, result)),
  });
  const options = await cachedRead(database, ["execution-filter-options"], () => listFilterOptions(db));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ExecutionsPageClient
        stateMachines={options.stateMachines}
        sources={options.sources}
        aliases={options.aliases}
        versions={options.versions}
      />
    </HydrationBoundary>
  );
}
