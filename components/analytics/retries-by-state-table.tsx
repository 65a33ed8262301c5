import type { Failures } from "@/lib/queries/failure-types";
import { tableStyles } from "./table-styles";

const { th } = tableStyles;

/** Attempts and retries per state: the retry rate, how retried runs ended, the errors retried. */
export function RetriesByStateTable({ rows }: { rows: Failures["retries"] }) {
  return (
    <table className="w-full text-sm" data-testid="retries-by-state">
      <thead className="text-left text-xs text-zinc-500">
        <tr>
          <th className={th}>State · state machine</th>
          <th className={`${th} text-right`}>Attempts</th>
          <th className={`${th} text-right`}>Retries</th>
          <th className={`${th} text-right`}>Retry rate</th>
          <th className={`${th} text-right`}>Retried runs</th>
          <th className={`${th} text-right`}>Then succeeded</th>
          <th className={`${th} text-right`}>Exhausted</th>
          <th className={th}>Errors retried</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {rows.map((r) => (
          <tr key={`${r.stateMachineArn}/${r.state}`} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-1 pr-3">
              {r.state}{" "}
              <span className="text-zinc-500" title={r.stateMachineArn}>
                · {r.stateMachine}
              </span>
            </td>
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
  );
}
