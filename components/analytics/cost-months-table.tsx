import { formatUsd } from "@/lib/cost/format-usd";
import type { Costs } from "@/lib/queries/cost-types";
import { formatCount as n, tableStyles } from "./table-styles";

const { th } = tableStyles;

/** Executions, transitions and cost per month. */
export function CostMonthsTable({ rows }: { rows: Costs["byMonth"] }) {
  return (
    <table className="w-full text-sm" data-testid="cost-months">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className={th}>Month</th>
          <th className={`${th} text-right`}>Executions</th>
          <th className={`${th} text-right`}>Transitions</th>
          <th className={`${th} text-right`}>Cost</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {rows.map((m) => (
          <tr key={m.month} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-1 pr-3">{m.month}</td>
            <td className="pr-3 text-right">{n(m.executions)}</td>
            <td className="pr-3 text-right">{n(m.transitions)}</td>
            <td className="pr-3 text-right">{formatUsd(m.usd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
