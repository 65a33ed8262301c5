import { AnalyticsFilters } from "@/components/analytics/analytics-filters";
import { BackfillNotice } from "@/components/analytics/backfill-notice";
import { getAnalyticsBackfillStatus } from "@/lib/queries/get-analytics-backfill-status";
import { CostMachinesTable } from "@/components/analytics/cost-machines-table";
import { CostMonthsTable } from "@/components/analytics/cost-months-table";
import { CostStatesTable } from "@/components/analytics/cost-states-table";
import { CostliestExecutionsTable } from "@/components/analytics/costliest-executions-table";
import { StatTile } from "@/components/analytics/stat-tile";
import { formatCount as n } from "@/components/analytics/table-styles";
import { CostChart } from "@/components/charts/cost-chart";
import { PageHeader } from "@/components/layout/page-header";
import { parseAnalyticsParams } from "@/lib/queries/analytics-params";
import { toCostChartPoints } from "@/lib/queries/to-chart-points";
import { formatUsd } from "@/lib/cost/format-usd";
import { readDb } from "@/lib/api/read-your-writes";
import { getCosts } from "@/lib/queries/get-costs";
import { listAnalyticsFilterOptions } from "@/lib/queries/list-analytics-filter-options";
import { requirePageRole } from "@/lib/auth/require-page-role";

export const metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

export default async function CostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole("viewer");
  const db = await readDb();
  const search = await searchParams;
  const params = parseAnalyticsParams(search);
  // The states table's page, in the URL beside the filters (`statesPage`, from 1).
  const statesPage = Number.parseInt(typeof search["statesPage"] === "string" ? search["statesPage"] : "1", 10) || 1;
  const hrefOfStatesPage = (page: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(search))
      for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) if (k !== "statesPage") q.append(k, one);
    if (page > 1) q.set("statesPage", String(page));
    const text = q.toString();
    return text ? `/costs?${text}#states` : "/costs#states";
  };
  const [costs, options, backfill] = await Promise.all([
    getCosts(db, params),
    listAnalyticsFilterOptions(db),
    getAnalyticsBackfillStatus(db),
  ]);
  const p = costs.projection;
  const prices = costs.prices;
  return (
    <>
      <PageHeader title="Costs" />
      <BackfillNotice initial={backfill} />
      <AnalyticsFilters params={params} options={options} />
      <div className="space-y-8 p-6">
        <p className="max-w-3xl text-xs text-zinc-500">
          Estimates from stored histories. Standard: billable transitions × the region&apos;s price,{" "}
          {n(prices.freeTransitionsPerMonth)} free per account per month applied to the month&apos;s first days.
          Express: ${prices.express.usdPerMillionRequests} per million requests plus duration rounded up to 100 ms ×
          memory in 64 MB chunks, GB-hours priced in monthly tiers. Prices: {prices.standardDefault.source}, recorded{" "}
          {prices.standardDefault.recordedOn}; override with the <code>cost.prices</code> setting.
        </p>
        <p className="max-w-3xl text-xs text-zinc-500" data-testid="express-basis">
          Express duration and memory here are the <strong>estimate</strong>, never billed figures: memory 50 MB + the
          definition&apos;s size + data size × Map/Parallel steps, in 64 MB chunks; duration from the history&apos;s
          start and stop. AWS reports billed duration and memory only in the reply to a synchronous start (
          <code>StartSyncExecution</code> <code>billingDetails</code>); the Express log records and{" "}
          <code>describe-execution</code> output that Stepscope collects carry neither.
        </p>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="cost-stats">
          <StatTile
            label="Estimated cost in range"
            value={formatUsd(costs.total.usd)}
            note={`${n(costs.total.executions)} executions`}
            testId="cost-total"
          />
          <StatTile label="Billable transitions" value={n(costs.total.transitions)} />
          <StatTile
            label="As the other workflow type"
            value={formatUsd(costs.total.otherTypeUsd)}
            note={
              costs.total.otherTypeExcluded > 0
                ? `Standard ↔ Express, same usage; ${n(costs.total.otherTypeExcluded)} state machine${costs.total.otherTypeExcluded === 1 ? "" : "s"} left out (executions longer than Express's 5 minutes)`
                : "Standard ↔ Express, same usage"
            }
          />
          <StatTile
            label={`Projected ${p.month}`}
            value={formatUsd(p.projectedUsd)}
            note={`${formatUsd(p.toDateUsd)} so far, ${p.daysElapsed.toFixed(1)} of ${p.daysInMonth} days`}
            testId="cost-projection"
          />
        </div>
        <section>
          <h2 className="mb-2 font-medium">
            Per day <span className="text-xs font-normal text-zinc-500">(UTC)</span>
          </h2>
          {costs.byDay.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">No executions in this range.</p>
          ) : (
            <CostChart points={toCostChartPoints(costs)} />
          )}
        </section>
        <section>
          <h2 className="mb-2 font-medium">Per state machine</h2>
          <CostMachinesTable rows={costs.byMachine} />
        </section>
        <div className="grid gap-8 lg:grid-cols-2">
          <section id="states">
            <h2 className="mb-2 font-medium">
              States that drive the cost{" "}
              <span className="text-xs font-normal text-zinc-500">(Standard, before the free tier)</span>
            </h2>
            <CostStatesTable rows={costs.byState} page={statesPage} hrefOfPage={hrefOfStatesPage} />
          </section>
          <section>
            <h2 className="mb-2 font-medium">Per month</h2>
            <CostMonthsTable rows={costs.byMonth} />
            <h2 className="mb-2 mt-6 font-medium">
              Costliest Standard executions{" "}
              <span className="text-xs font-normal text-zinc-500">(before the free tier)</span>
            </h2>
            <CostliestExecutionsTable rows={costs.topExecutions} />
          </section>
        </div>
      </div>
    </>
  );
}
