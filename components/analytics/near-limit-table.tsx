import Link from "next/link";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { executionHref } from "@/lib/format/execution-href";
import type { Failures } from "@/lib/queries/failure-types";
import { tableStyles } from "./table-styles";

const { link, th } = tableStyles;

/** Executions near AWS's 25,000-event history limit, with how much of it they use. */
export function NearLimitTable({ rows }: { rows: Failures["nearLimit"] }) {
  return (
    <table className="w-full text-sm" data-testid="near-limit">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className={th}>Execution</th>
          <th className={th}>State machine</th>
          <th className={th}>Status</th>
          <th className={`${th} text-right`}>Events</th>
          <th className={`${th} text-right`}>Of limit</th>
          <th className={th}>Started</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {rows.map((e) => (
          <tr key={e.executionArn} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-1 pr-3">
              <Link className={link} href={executionHref(e.executionArn)}>
                {e.name}
              </Link>
            </td>
            <td className="pr-3" title={e.stateMachineArn}>
              {e.stateMachine}
            </td>
            <td className="pr-3">
              <StatusBadge status={e.status} />
            </td>
            <td className="pr-3 text-right">{e.eventCount.toLocaleString("en")}</td>
            <td className="pr-3 text-right">{((e.eventCount / 25_000) * 100).toFixed(1)}%</td>
            <td>
              <Timestamp iso={e.startDate} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
