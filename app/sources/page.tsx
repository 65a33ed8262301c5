import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { SourcesTable } from "@/components/sources/sources-table";
import { getDb } from "@/lib/db/client";
import { listSources } from "@/lib/queries/list-sources";

export const metadata = { title: "Sources" };
export const dynamic = "force-dynamic";

export default async function SourcesPage() {
  const sources = await listSources((await getDb()).prisma);
  return (
    <>
      <PageHeader title="Sources" />
      <div className="p-6">
        {sources.length ? <SourcesTable sources={sources} /> : null}
        <EmptyState title="Collecting from AWS is not available yet">
          <p>
            AWS sources (Standard executions through the Step Functions API, Express through CloudWatch Logs) are
            configured here once collection arrives. Today, histories come in by upload on the Executions page or by{" "}
            <code className="font-mono">npx stepscope import &lt;file&gt;</code>.
          </p>
        </EmptyState>
      </div>
    </>
  );
}
