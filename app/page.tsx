import Link from "next/link";
import { AnalyticsFilters } from "@/components/analytics/analytics-filters";
import { BackfillNotice } from "@/components/analytics/backfill-notice";
import { getAnalyticsBackfillStatus } from "@/lib/queries/get-analytics-backfill-status";
import { OverviewMachinesTable } from "@/components/analytics/overview-machines-table";
import { StatTile } from "@/components/analytics/stat-tile";
import { StackedStatusChart } from "@/components/charts/stacked-status-chart";
import { EmptyState } from "@/components/empty/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import { toStatusChartPoints } from "@/lib/queries/to-chart-points";
import { readDb } from "@/lib/api/read-your-writes";
import { formatDuration } from "@/lib/format/format-duration";
import { getOverview } from "@/lib/queries/get-overview";
import { listAnalyticsFilterOptions } from "@/lib/queries/list-analytics-filter-options";
import { listScopeParams } from "@/lib/queries/production-scope";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { cachedRead } from "@/lib/queries/cached-read";
import { includesLocalRuns } from "@/lib/queries/production-scope";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(r < 0.1 ? 2 : 1)}%`);
const link = "text-blue-700 underline dark:text-blue-400";

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole("viewer");
  const db = await readDb();
  const params = parseAnalyticsParams(await searchParams);
  const [overview, options, backfill] = await Promise.all([
    cachedRead(db, ["overview", params], () => getOverview(db, params), {
      sees: includesLocalRuns(params) ? "all" : "production",
    }),
    cachedRead(db, ["analytics-filter-options"], () => listAnalyticsFilterOptions(db)),
    cachedRead(db, ["analytics-backfill-status"], () => getAnalyticsBackfillStatus(db)),
  ]);
  if (options.stateMachines.length === 0) {
    return (
      <>
        <PageHeader title="Overview" />
        <EmptyState title="No executions stored yet">
          <p>
            Import a history on the{" "}
            <Link className={link} href="/executions">
              Executions
            </Link>{" "}
            page or with <code className="font-mono">npx stepscope import &lt;file&gt;</code>.
          </p>
        </EmptyState>
      </>
    );
  }
  const d = overview.durations;
  // The list of what a figure counted: same range, source and local runs in or out.
  const scope = { ...(params.source === undefined ? {} : { source: params.source }), ...listScopeParams(params) };
  const listQuery = { ...(params.range !== "all" ? { range: params.range } : {}), ...scope };
  return (
    <>
      <PageHeader title="Overview" />
      <BackfillNotice initial={backfill} />
      <AnalyticsFilters params={params} options={options} />
      <div className="space-y-6 p-6">
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="overview-stats">
          <StatTile label="Executions" value={overview.totals.total.toLocaleString("en")} testId="stat-total" />
          <StatTile
            label="Failure rate"
            value={pct(overview.failureRate)}
            note="failed + timed out / ended"
            testId="stat-failure-rate"
          />
          <StatTile label="Failed" value={(overview.totals.failed + overview.totals.timed_out).toLocaleString("en")} />
          <StatTile
            label="p50 duration"
            value={d.p50 === null ? "—" : `≤ ${formatDuration(d.p50)}`}
            note={`${d.ended.toLocaleString("en")} ended`}
          />
          <StatTile label="p95 duration" value={d.p95 === null ? "—" : `≤ ${formatDuration(d.p95)}`} />
          <StatTile
            label="p99 duration"
            value={d.p99 === null ? "—" : `≤ ${formatDuration(d.p99)}`}
            note="histogram bucket bounds (±9%)"
          />
        </div>
        <section>
          <h2 className="mb-2 font-medium">
            Executions by start time and status{" "}
            <span className="text-xs font-normal text-zinc-500">(per {overview.bucket}, UTC)</span>
          </h2>
          {overview.totals.total === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">No executions started in this range under these filters.</p>
          ) : (
            <StackedStatusChart points={toStatusChartPoints(overview)} />
          )}
        </section>
        <section>
          <h2 className="mb-2 font-medium">By state machine</h2>
          <OverviewMachinesTable rows={overview.machines} listQuery={listQuery} scope={scope} />
        </section>
      </div>
    </>
  );
}
