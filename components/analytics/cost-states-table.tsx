import { formatUsd } from "@/lib/cost/format-usd";
import type { Costs } from "@/lib/queries/cost-types";
import { formatCount as n, tableStyles } from "./table-styles";

const { th } = tableStyles;

/** The states that drive the cost: billable transitions, share of their machine's, cost. */
export function CostStatesTable({ rows }: { rows: Costs["byState"] }) {
  return (
    <table className="w-full text-sm" data-testid="cost-states">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className={th}>State · state machine</th>
          <th className={`${th} text-right`}>Transitions</th>
          <th className={`${th} text-right`}>Share of machine</th>
          <th className={`${th} text-right`}>Cost</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {rows.map((s) => (
          <tr key={`${s.stateMachineArn}/${s.state}`} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-1 pr-3">
              {s.state}{" "}
              <span className="text-zinc-500" title={s.stateMachineArn}>
                · {s.stateMachine}
              </span>
            </td>
            <td className="pr-3 text-right">{n(s.transitions)}</td>
            <td className="pr-3 text-right">{(s.share * 100).toFixed(1)}%</td>
            <td className="pr-3 text-right">{formatUsd(s.usd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
