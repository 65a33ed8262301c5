import Link from "next/link";
import { AnalyticsFilters } from "@/components/analytics/analytics-filters";
import { BackfillNotice } from "@/components/analytics/backfill-notice";
import { getAnalyticsBackfillStatus } from "@/lib/queries/get-analytics-backfill-status";
import { StatTile } from "@/components/analytics/stat-tile";
import { CostChart } from "@/components/charts/cost-chart";
import { PageHeader } from "@/components/layout/page-header";
import { parseAnalyticsParams } from "@/lib/analytics/analytics-params";
import { toCostChartPoints } from "@/lib/analytics/to-chart-points";
import { formatUsd } from "@/lib/cost/format-usd";
import { getDb } from "@/lib/db/client";
import { executionHref } from "@/lib/format/execution-href";
import { getCosts } from "@/lib/queries/get-costs";
import { listAnalyticsFilterOptions } from "@/lib/queries/list-analytics-filter-options";
import { requirePageRole } from "@/lib/auth/require-page-role";

export const metadata = { title: "Costs" };
export const dynamic = "force-dynamic";

const link = "text-blue-700 underline dark:text-blue-400";
const th = "py-1 pr-3 font-normal";
const n = (v: number) => Math.round(v).toLocaleString("en");

export default async function CostsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole("viewer");
  const db = await getDb();
  const params = parseAnalyticsParams(await searchParams);
  const [costs, options, backfill] = await Promise.all([getCosts(db, params), listAnalyticsFilterOptions(db), getAnalyticsBackfillStatus(db)]);
  const p = costs.projection;
  const prices = costs.prices;
  return (
    <>
      <PageHeader title="Costs" />
      <BackfillNotice initial={backfill} />
      <AnalyticsFilters params={params} options={options} />
      <div className="space-y-8 p-6">
        <p className="max-w-3xl text-xs text-zinc-500">
          Estimates from stored histories. Standard: billable transitions × the region&apos;s price, {n(prices.freeTransitionsPerMonth)} free per account per
          month applied to the month&apos;s first days. Express: ${prices.express.usdPerMillionRequests} per million requests plus duration rounded up to
          100 ms × memory in 64 MB chunks, GB-hours priced in monthly tiers. Prices: {prices.standardDefault.source}, recorded {prices.standardDefault.recordedOn};
          override with the <code>cost.prices</code> setting.
        </p>
        <p className="max-w-3xl text-xs text-zinc-500" data-testid="express-basis">
          Express duration and memory here are the <strong>estimate</strong>, never billed figures: memory 50 MB + the definition&apos;s size + data size × Map/Parallel
          steps, in 64 MB chunks; duration from the history&apos;s start and stop. AWS reports billed duration and memory only in the reply to a synchronous start
          (<code>StartSyncExecution</code> <code>billingDetails</code>); the Express log records and <code>describe-execution</code> output that Stepscope collects
          carry neither.
        </p>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="cost-stats">
          <StatTile label="Estimated cost in range" value={formatUsd(costs.total.usd)} note={`${n(costs.total.executions)} executions`} testId="cost-total" />
          <StatTile label="Billable transitions" value={n(costs.total.transitions)} />
          <StatTile label="As the other workflow type" value={formatUsd(costs.total.otherTypeUsd)} note="Standard ↔ Express, same usage" />
          <StatTile label={`Projected ${p.month}`} value={formatUsd(p.projectedUsd)} note={`${formatUsd(p.toDateUsd)} so far, ${p.daysElapsed.toFixed(1)} of ${p.daysInMonth} days`} testId="cost-projection" />
        </div>
        <section>
          <h2 className="mb-2 font-medium">Per day <span className="text-xs font-normal text-zinc-500">(UTC)</span></h2>
          {costs.byDay.length === 0 ? <p className="text-zinc-600 dark:text-zinc-400">No executions in this range.</p> : <CostChart points={toCostChartPoints(costs)} />}
        </section>
        <section>
          <h2 className="mb-2 font-medium">Per state machine</h2>
          <table className="w-full text-sm" data-testid="cost-machines">
            <thead className="text-left text-xs text-zinc-500">
              <tr><th className={th}>State machine</th><th className={th}>Type</th><th className={th}>Region</th><th className={`${th} text-right`}>Executions</th><th className={`${th} text-right`}>Transitions</th><th className={`${th} text-right`}>GB-seconds</th><th className={`${th} text-right`}>Cost</th><th className={`${th} text-right`}>As the other type</th></tr>
            </thead>
            <tbody className="tabular-nums">
              {costs.byMachine.map((m) => (
                <tr key={m.stateMachine} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1 pr-3">{m.stateMachine}</td>
                  <td className="pr-3">{m.type === "STANDARD" ? "Standard" : "Express"}</td>
                  <td className="pr-3">{m.region ?? "—"}</td>
                  <td className="pr-3 text-right">{n(m.executions)}</td>
                  <td className="pr-3 text-right">{n(m.transitions)}</td>
                  <td className="pr-3 text-right">{m.gbSeconds.toFixed(1)}</td>
                  <td className="pr-3 text-right">{formatUsd(m.usd)}</td>
                  <td className="pr-3 text-right">{formatUsd(m.otherTypeUsd)} <span className="text-xs text-zinc-500">({m.type === "STANDARD" ? "Express" : "Standard"})</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <div className="grid gap-8 lg:grid-cols-2">
          <section>
            <h2 className="mb-2 font-medium">States that drive the cost <span className="text-xs font-normal text-zinc-500">(Standard, before the free tier)</span></h2>
            <table className="w-full text-sm" data-testid="cost-states">
              <thead className="text-left text-xs text-zinc-500">
                <tr><th className={th}>State · state machine</th><th className={`${th} text-right`}>Transitions</th><th className={`${th} text-right`}>Share of machine</th><th className={`${th} text-right`}>Cost</th></tr>
              </thead>
              <tbody className="tabular-nums">
                {costs.byState.map((s) => (
                  <tr key={`${s.stateMachine}/${s.state}`} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1 pr-3">{s.state} <span className="text-zinc-500">· {s.stateMachine}</span></td>
                    <td className="pr-3 text-right">{n(s.transitions)}</td>
                    <td className="pr-3 text-right">{(s.share * 100).toFixed(1)}%</td>
                    <td className="pr-3 text-right">{formatUsd(s.usd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h2 className="mb-2 font-medium">Per month</h2>
            <table className="w-full text-sm" data-testid="cost-months">
              <thead className="text-left text-xs text-zinc-500">
                <tr><th className={th}>Month</th><th className={`${th} text-right`}>Executions</th><th className={`${th} text-right`}>Transitions</th><th className={`${th} text-right`}>Cost</th></tr>
              </thead>
              <tbody className="tabular-nums">
                {costs.byMonth.map((m) => (
                  <tr key={m.month} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1 pr-3">{m.month}</td><td className="pr-3 text-right">{n(m.executions)}</td><td className="pr-3 text-right">{n(m.transitions)}</td><td className="pr-3 text-right">{formatUsd(m.usd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2 className="mb-2 mt-6 font-medium">Costliest Standard executions <span className="text-xs font-normal text-zinc-500">(before the free tier)</span></h2>
            <table className="w-full text-sm" data-testid="cost-executions">
              <tbody className="tabular-nums">
                {costs.topExecutions.map((e) => (
                  <tr key={e.executionArn} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1 pr-3"><Link className={link} href={executionHref(e.executionArn)}>{e.name}</Link> <span className="text-zinc-500">· {e.stateMachine}</span></td>
                    <td className="pr-3 text-right">{n(e.transitions)} transitions</td>
                    <td className="pr-3 text-right">{formatUsd(e.usd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </>
  );
}
