import { formatUsd } from "@/lib/cost/format-usd";
import type { Costs } from "@/lib/queries/cost-types";
import { formatCount as n, tableStyles } from "./table-styles";

const { th } = tableStyles;

/** Cost per state machine, with what the same usage would cost as the other workflow type. */
export function CostMachinesTable({ rows }: { rows: Costs["byMachine"] }) {
  return (
    <table className="w-full text-sm" data-testid="cost-machines">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className={th}>State machine</th>
          <th className={th}>Type</th>
          <th className={th}>Region</th>
          <th className={`${th} text-right`}>Executions</th>
          <th className={`${th} text-right`}>Transitions</th>
          <th className={`${th} whitespace-nowrap text-right`}>GB-seconds</th>
          <th className={`${th} text-right`}>Cost</th>
          <th className={`${th} text-right`}>As the other type</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {rows.map((m) => (
          <tr key={m.stateMachineArn} className="border-t border-zinc-100 dark:border-zinc-800">
            {/* Names and regions break nowhere ("us-east-1", not "us-east-" over "1"). */}
            <td className="whitespace-nowrap py-1 pr-3" title={m.stateMachineArn}>
              {m.stateMachine}
            </td>
            <td className="pr-3">{m.type === "STANDARD" ? "Standard" : "Express"}</td>
            <td className="whitespace-nowrap pr-3">{m.region ?? "—"}</td>
            <td className="pr-3 text-right">{n(m.executions)}</td>
            <td className="pr-3 text-right">{n(m.transitions)}</td>
            <td className="pr-3 text-right">{m.gbSeconds.toFixed(1)}</td>
            <td className="pr-3 text-right">{formatUsd(m.usd)}</td>
            {m.otherTypeUnavailable ? (
              // A what-if that could not happen is not offered: the reason instead of a price.
              <td className="pr-3 text-right text-xs text-zinc-500" data-testid="other-type-unavailable">
                does not apply
                <span className="block">{m.otherTypeUnavailable}</span>
              </td>
            ) : (
              <td className="pr-3 text-right">
                {formatUsd(m.otherTypeUsd)}{" "}
                <span className="text-xs text-zinc-500">({m.type === "STANDARD" ? "Express" : "Standard"})</span>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
