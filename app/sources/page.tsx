import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { AddAwsSourceForm } from "@/components/sources/add-aws-source-form";
import { AwsSourcesStatus } from "@/components/sources/aws-sources-status";
import { SourcesTable } from "@/components/sources/sources-table";
import { RetentionPanel } from "@/components/sources/retention-panel";
import { TraceExportPanel } from "@/components/sources/trace-export-panel";
import { getRetentionUsage } from "@/lib/queries/get-retention-usage";
import { getTraceExportStatus } from "@/lib/queries/get-trace-export-status";
import { traceShownSettings } from "@/lib/traces/trace-shown-settings";
import { readDb } from "@/lib/api/read-your-writes";
import { listAwsSourceStatus, listSources } from "@/lib/queries/list-sources";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { hasRole } from "@/lib/auth/roles";

export const metadata = { title: "Sources" };
export const dynamic = "force-dynamic";

export default async function SourcesPage() {
  const actor = await requirePageRole("viewer");
  const isAdmin = hasRole(actor.role, "admin");
  const db = await readDb();
  const traces = traceShownSettings();
  const [sources, awsSources, traceStatus, retention] = await Promise.all([
    listSources(db),
    listAwsSourceStatus(db, { withExternalId: isAdmin }),
    traces.export === null ? null : getTraceExportStatus(db, traces.exporter, traces.export),
    getRetentionUsage(db),
  ]);
  return (
    <>
      <PageHeader title="Sources" />
      <div className="p-6">
        <AwsSourcesStatus initial={awsSources} />
        <AddAwsSourceForm />
        {sources.length ? <SourcesTable sources={sources} /> : null}
        {sources.length ? <RetentionPanel usage={retention} /> : null}
        {awsSources.length === 0 ? (
          <EmptyState title="No AWS source yet">
            <p>
              {/* The form above is an admin's; anyone else is told who can add one. */}
              {isAdmin ? "Add an AWS account and region above" : "An admin adds an AWS account and region on this page"}
              : Standard executions come through the Step Functions API, Express ones through the CloudWatch Logs group
              of their logging configuration. From a terminal,{" "}
              <code className="font-mono">npx stepscope sync --region us-east-1</code> does the same with your AWS
              credentials; histories can also be uploaded on the Executions page or imported with{" "}
              <code className="font-mono">npx stepscope import &lt;file&gt;</code>.
            </p>
          </EmptyState>
        ) : null}
        <TraceExportPanel settings={traces.export} status={traceStatus} traceLinks={traces.links} />
      </div>
    </>
  );
}
