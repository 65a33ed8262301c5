import Link from "next/link";
import { AnalyticsFilters } from "@/components/analytics/analytics-filters";
import { BackfillNotice } from "@/components/analytics/backfill-notice";
import { getAnalyticsBackfillStatus } from "@/lib/queries/get-analytics-backfill-status";
import { Sparkline } from "@/components/charts/sparkline";
import { PageHeader } from "@/components/layout/page-header";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { parseAnalyticsParams } from "@/lib/analytics/analytics-params";
import { requirePageRole } from "@/lib/auth/require-page-role";
import { getDb } from "@/lib/db/client";
import { executionHref } from "@/lib/format/execution-href";
import { toSearchParams } from "@/lib/queries/execution-list-params";
import { getFailures, NEAR_LIMIT_EVENTS } from "@/lib/queries/get-failures";
import { listAnalyticsFilterOptions } from "@/lib/queries/list-analytics-filter-options";

export const metadata = { title: "Failures" };
export const dynamic = "force-dynamic";

const link = "text-blue-700 underline dark:text-blue-400";
const th = "py-1 pr-3 font-normal";

export default async function FailuresPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole("viewer");
  const db = await getDb();
  const params = parseAnalyticsParams(await searchParams);
  const [failures, options, backfill] = await Promise.all([getFailures(db, params), listAnalyticsFilterOptions(db), getAnalyticsBackfillStatus(db)]);
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
            Grouped by state machine, root-cause state, error and cause with ids, ARNs, numbers and timestamps stripped. Counted per UTC day of the
            execution&apos;s start; trend over {failures.trendDays.length} days.
          </p>
          {failures.groups.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">No failed or timed-out executions in this range under these filters.</p>
          ) : (
            <table className="w-full text-sm" data-testid="failure-groups">
              <thead className="text-left text-xs text-zinc-500">
                <tr><th className={th}>Error · state · state machine</th><th className={`${th} text-right`}>Count</th><th className={th}>Trend</th><th className={th}>First seen</th><th className={th}>Last seen</th><th className={th}>Newest</th></tr>
              </thead>
              <tbody>
                {failures.groups.map((g) => (
                  <tr key={g.signature} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="failure-group" data-state-machine={g.stateMachine}>
                    <td className="py-1 pr-3">
                      <Link className={`${link} font-medium`} href={`/executions?${toSearchParams({ signature: g.signature, range })}`} data-testid="failure-group-link">
                        {g.error ?? "(no error name)"}
                      </Link>
                      <span className="text-zinc-600 dark:text-zinc-400"> in {g.rootCauseState ?? "(execution)"} · {g.stateMachine}</span>
                      <div className="max-w-md truncate font-mono text-xs text-zinc-500" title={g.normalizedCause}>{g.normalizedCause || "(no cause)"}</div>
                    </td>
                    <td className="py-1 pr-3 text-right tabular-nums">{g.count.toLocaleString("en")}</td>
                    <td className="py-1 pr-3"><Sparkline values={g.trend} title={`${g.trend.join(", ")} per day from ${failures.trendDays[0]}`} /></td>
                    <td className="py-1 pr-3 whitespace-nowrap"><Timestamp iso={g.firstSeen} /></td>
                    <td className="py-1 pr-3 whitespace-nowrap"><Timestamp iso={g.lastSeen} /></td>
                    <td className="py-1">{g.newestExecutionArn ? <Link className={link} href={executionHref(g.newestExecutionArn)}>open</Link> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section>
          <h2 className="mb-2 font-medium">Retries per state</h2>
          {failures.retries.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">No retries in this range.</p>
          ) : (
            <table className="w-full text-sm" data-testid="retries-by-state">
              <thead className="text-left text-xs text-zinc-500">
                <tr><th className={th}>State · state machine</th><th className={`${th} text-right`}>Attempts</th><th className={`${th} text-right`}>Retries</th><th className={`${th} text-right`}>Retry rate</th><th className={`${th} text-right`}>Retried runs</th><th className={`${th} text-right`}>Then succeeded</th><th className={`${th} text-right`}>Exhausted</th><th className={th}>Errors retried</th></tr>
              </thead>
              <tbody className="tabular-nums">
                {failures.retries.map((r) => (
                  <tr key={`${r.stateMachine}/${r.state}`} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1 pr-3">{r.state} <span className="text-zinc-500">· {r.stateMachine}</span></td>
                    <td className="pr-3 text-right">{r.attempts.toLocaleString("en")}</td>
                    <td className="pr-3 text-right">{r.retries.toLocaleString("en")}</td>
                    <td className="pr-3 text-right">{(r.retryRate * 100).toFixed(1)}%</td>
                    <td className="pr-3 text-right">{r.retriedRuns.toLocaleString("en")}</td>
                    <td className="pr-3 text-right">{r.retriedSucceeded.toLocaleString("en")}</td>
                    <td className="pr-3 text-right">{r.retriesExhausted.toLocaleString("en")}</td>
                    <td className="font-mono text-xs">{r.errors.map((e) => `${e.error} ×${e.count}`).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section>
          <h2 className="mb-2 font-medium">Executions near the 25,000-event limit</h2>
          {failures.nearLimit.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">No execution in this range has {NEAR_LIMIT_EVENTS.toLocaleString("en")} events or more.</p>
          ) : (
            <table className="w-full text-sm" data-testid="near-limit">
              <thead className="text-left text-xs text-zinc-500">
                <tr><th className={th}>Execution</th><th className={th}>State machine</th><th className={th}>Status</th><th className={`${th} text-right`}>Events</th><th className={`${th} text-right`}>Of limit</th><th className={th}>Started</th></tr>
              </thead>
              <tbody className="tabular-nums">
                {failures.nearLimit.map((e) => (
                  <tr key={e.executionArn} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1 pr-3"><Link className={link} href={executionHref(e.executionArn)}>{e.name}</Link></td>
                    <td className="pr-3">{e.stateMachine}</td>
                    <td className="pr-3"><StatusBadge status={e.status} /></td>
                    <td className="pr-3 text-right">{e.eventCount.toLocaleString("en")}</td>
                    <td className="pr-3 text-right">{((e.eventCount / 25_000) * 100).toFixed(1)}%</td>
                    <td><Timestamp iso={e.startDate} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
