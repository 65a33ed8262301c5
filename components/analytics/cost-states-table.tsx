import { formatUsd } from "@/lib/cost/format-usd";
import type { Costs } from "@/lib/queries/cost-types";
import { formatCount as n, tableStyles } from "./table-styles";

const { th } = tableStyles;
/** Rows on one page of the table. */
export const costStatesPageSize = 30;

/**
 * The states that drive the cost (costliest first, as `rows` come): one page of them, with
 * links to the pages before and after (`hrefOfPage`: the page's URL with its page number, so a
 * page can be shared).
 */
export function CostStatesTable({
  rows,
  page,
  hrefOfPage,
}: {
  rows: Costs["byState"];
  page: number;
  hrefOfPage: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(rows.length / costStatesPageSize));
  const current = Math.min(Math.max(1, page), pages);
  const first = (current - 1) * costStatesPageSize;
  const shown = rows.slice(first, first + costStatesPageSize);
  const link = "text-blue-700 hover:underline dark:text-blue-400";
  return (
    <>
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
          {shown.map((s) => (
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
      {pages > 1 ? (
        <nav
          aria-label="States pages"
          className="mt-2 flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400"
        >
          {current > 1 ? (
            <a className={link} href={hrefOfPage(current - 1)} rel="prev">
              ← Previous
            </a>
          ) : null}
          <span data-testid="cost-states-page">
            {first + 1}–{first + shown.length} of {n(rows.length)} states
          </span>
          {current < pages ? (
            <a className={link} href={hrefOfPage(current + 1)} rel="next">
              Next →
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
