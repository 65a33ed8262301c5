import Link from "next/link";
import { tableStyles } from "@/components/analytics/table-styles";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { executionHref } from "@/lib/format/execution-href";
import { formatDuration } from "@/lib/format/format-duration";
import type { ExecutionListPage } from "@/lib/queries/execution-list-types";

/** The newest executions of one state machine, with a link to the whole filtered list. */
export function StateMachineExecutions({ page, listHref }: { page: ExecutionListPage; listHref: string }) {
  const { th, link } = tableStyles;
  return (
    <div className="space-y-2">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {page.total.toLocaleString("en")}
        {page.totalIsLowerBound ? "+" : ""} executions in this range
        {page.hasNext ? `, the newest ${page.rows.length} shown` : ""}.{" "}
        <Link className={link} href={listHref} data-testid="all-executions-link">
          Open in the executions list
        </Link>
      </p>
      {page.rows.length === 0 ? null : (
        <table className="w-full text-sm" data-testid="state-machine-executions">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className={th}>Status</th>
              <th className={th}>Execution</th>
              <th className={th}>Started</th>
              <th className={`${th} text-right`}>Duration</th>
              <th className={th}>Error / root cause</th>
              <th className={th}>Source</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1 pr-3">
                  <StatusBadge status={r.status} />
                </td>
                <td className="py-1 pr-3 font-mono text-xs [overflow-wrap:anywhere]">
                  <Link className={link} href={executionHref(r.executionArn)} title={r.executionArn}>
                    {r.name}
                  </Link>
                </td>
                <td className="py-1 pr-3 whitespace-nowrap">
                  <Timestamp iso={r.startDate} />
                </td>
                <td className="py-1 pr-3 text-right tabular-nums whitespace-nowrap">{formatDuration(r.durationMs)}</td>
                <td className="py-1 pr-3 [overflow-wrap:anywhere]" title={r.cause ?? undefined}>
                  {r.error ? <span className="font-medium text-red-700 dark:text-red-400">{r.error}</span> : null}
                  {r.rootCauseState ? <span className="ml-1 text-zinc-500">at {r.rootCauseState}</span> : null}
                </td>
                <td className="py-1 pr-3 text-zinc-600 dark:text-zinc-400">{r.sourceName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
