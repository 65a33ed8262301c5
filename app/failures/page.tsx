import { AnalyticsFilters } from "@/components/analytics/analytics-filters";
import { BackfillNotice } from "@/components/analytics/backfill-notice";
import { getAnalyticsBackfillStatus } from "@/lib/queries/get-analytics-backfill-status";
import { FailureGroupsTable } from "@/components/analytics/failure-groups-table";
import { NearLimitTable } from "@/components/analytics/near-limit-table";
import { RetriesByStateTable } from "@/components/analytics/retries-by-state-table";
import { PageHeader } from "@/components/layout/page-header";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import { listScopeParams } from "@/lib/queries/production-scope";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { readDb } from "@/lib/api/read-your-writes";
import { toSearchParams } from "@/lib/queries/execution-list-params";
import { getFailures, NEAR_LIMIT_EVENTS } from "@/lib/queries/get-failures";
import { listAnalyticsFilterOptions } from "@/lib/queries/list-analytics-filter-options";

export const metadata = { title: "Failures" };
export const dynamic = "force-dynamic";

export default async function FailuresPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole("viewer");
  const db = await readDb();
  const params = parseAnalyticsParams(await searchParams);
  const [failures, options, backfill] = await Promise.all([
    getFailures(db, params),
    listAnalyticsFilterOptions(db),
    getAnalyticsBackfillStatus(db),
  ]);
  const range = params.range === "all" ? undefined : params.range;
  return (
    <>
      <PageHeader title="Failures" />
      <BackfillNotice initial={backfill} />
      <AnalyticsFilters params={params} options={options} />
      <div className="space-y-8 p-6">
        <section>
          <h2 className="mb-1 font-medium">Failure groups</h2>
          <p className="mb-2 text-xs text-zinc-500">
            Grouped by state machine, root-cause state, error and cause with ids, ARNs, numbers and timestamps stripped.
            Counted per UTC day of the execution&apos;s start; trend over {failures.trendDays.length} days.
          </p>
          {failures.groups.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">
              No failed or timed-out executions in this range under these filters.
            </p>
          ) : (
            <FailureGroupsTable
              failures={failures}
              groupHref={(signature) =>
                `/executions?${toSearchParams({ signature, range, source: params.source, ...listScopeParams(params) })}`
              }
            />
          )}
        </section>
        <section>
          <h2 className="mb-2 font-medium">Retries per state</h2>
          {failures.retries.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">No retries in this range.</p>
          ) : (
            <RetriesByStateTable rows={failures.retries} />
          )}
        </section>
        <section>
          <h2 className="mb-2 font-medium">Executions near the 25,000-event limit</h2>
          {failures.nearLimit.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">
              No execution in this range has {NEAR_LIMIT_EVENTS.toLocaleString("en")} events or more.
            </p>
          ) : (
            <NearLimitTable rows={failures.nearLimit} />
          )}
        </section>
      </div>
    </>
  );
}
