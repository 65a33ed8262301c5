import { formatCount, tableStyles } from "@/components/analytics/table-styles";
import { formatUsd } from "@/lib/cost/format-usd";
import { formatDuration } from "@/lib/format/format-duration";
import type { StateFiguresResult } from "@/lib/queries/get-state-figures";

const { th } = tableStyles;
const td = "py-1 pr-3 text-right tabular-nums";
const percent = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)}%`);

/** Per-state runs, failure rate, retries, p50/p95 duration and cost, saying what each column covers. */
export function StateFiguresTable({ figures }: { figures: StateFiguresResult }) {
  if (figures.states.length === 0)
    return <p className="text-sm text-zinc-500">No state ran in this range. Choose a longer range above.</p>;
  const sample = figures.sampleIsComplete
    ? `all ${formatCount(figures.sampledExecutions)} executions of the range`
    : `the newest ${formatCount(figures.sampledExecutions)} executions of the range`;
  return (
    <div className="overflow-x-auto">
      <p className="mb-2 text-xs text-zinc-500" data-testid="state-figures-coverage">
        Runs, retries and cost count every execution of the range; failure rate and durations read {sample}.
      </p>
      <table className="w-full text-sm" data-testid="state-figures">
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className={th}>State</th>
            <th className={`${th} text-right`}>Runs</th>
            <th className={`${th} text-right`}>Failure rate</th>
            <th className={`${th} text-right`}>Caught</th>
            <th className={`${th} text-right`}>Retries</th>
            <th className={`${th} text-right`}>p50</th>
            <th className={`${th} text-right`}>p95</th>
            <th className={`${th} text-right`}>Cost</th>
          </tr>
        </thead>
        <tbody>
          {figures.states.map((s) => (
            <tr
              key={s.state}
              className="border-t border-zinc-100 dark:border-zinc-800"
              data-testid="state-figures-row"
              data-state={s.state}
            >
              <td className="py-1 pr-3 font-mono text-xs [overflow-wrap:anywhere]">{s.state}</td>
              <td className={td}>{formatCount(s.runs)}</td>
              <td className={td} title={`${s.failed} of ${s.sampledEnded} ended runs`}>
                {percent(s.failureRate)}
              </td>
              <td className={td}>{formatCount(s.caught)}</td>
              <td className={td}>{formatCount(s.retries)}</td>
              <td className={td}>{s.p50Ms === null ? "—" : formatDuration(s.p50Ms)}</td>
              <td className={td}>{s.p95Ms === null ? "—" : formatDuration(s.p95Ms)}</td>
              <td
                className={td}
                title={s.costUsd === null ? "Express workflows are billed per execution, not per state" : undefined}
              >
                {s.costUsd === null ? "n/a" : formatUsd(s.costUsd)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
