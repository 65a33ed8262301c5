import Link from "next/link";
import { formatUsd } from "@/lib/cost/format-usd";
import { executionHref } from "@/lib/format/execution-href";
import type { Costs } from "@/lib/queries/cost-types";
import { formatCount as n, tableStyles } from "./table-styles";

/** The Standard executions with the most billable transitions, each linked. */
export function CostliestExecutionsTable({ rows }: { rows: Costs["topExecutions"] }) {
  return (
    <table className="w-full text-sm" data-testid="cost-executions">
      <tbody className="tabular-nums">
        {rows.map((e) => (
          <tr key={e.executionArn} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-1 pr-3">
              <Link className={tableStyles.link} href={executionHref(e.executionArn)}>
                {e.name}
              </Link>{" "}
              <span className="text-zinc-500" title={e.stateMachineArn}>
                · {e.stateMachine}
              </span>
            </td>
            <td className="pr-3 text-right">{n(e.transitions)} transitions</td>
            <td className="pr-3 text-right">{formatUsd(e.usd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
